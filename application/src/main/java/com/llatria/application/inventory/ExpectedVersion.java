package com.llatria.application.inventory;

/**
 * The version a client last saw of an item, which an update must still find stored.
 *
 * @param precondition whether it came as an HTTP precondition ({@code If-Match}) rather than in the body
 */
public record ExpectedVersion(long version, boolean precondition) {
    public static ExpectedVersion inBody(long version) {
        return new ExpectedVersion(version, false);
    }

    public static ExpectedVersion ifMatch(long version) {
        return new ExpectedVersion(version, true);
    }

    boolean matches(long stored) {
        return stored == version;
    }
}
