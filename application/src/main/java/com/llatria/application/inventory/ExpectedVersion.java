package com.llatria.application.inventory;

import java.util.List;

/**
 * The version(s) a client last saw of an item, one of which a write must still find stored.
 * Several come from an {@code If-Match} list; none at all from an {@code If-Match} that can never
 * match (only weak tags), which then always fails.
 *
 * @param precondition whether it came as an HTTP precondition ({@code If-Match}, 412) rather than in the body (409)
 */
public record ExpectedVersion(List<Long> versions, boolean precondition) {
    public ExpectedVersion {
        versions = List.copyOf(versions);
    }

    public static ExpectedVersion inBody(long version) {
        return new ExpectedVersion(List.of(version), false);
    }

    public static ExpectedVersion ifMatch(long version) {
        return ifMatch(List.of(version));
    }

    public static ExpectedVersion ifMatch(List<Long> versions) {
        return new ExpectedVersion(versions, true);
    }

    boolean matches(long stored) {
        return versions.contains(stored);
    }

    String describe() {
        return versions.isEmpty() ? "the version asked for" : versions.size() == 1 ? String.valueOf(versions.get(0))
                : "any of " + versions;
    }
}
