package com.llatria.application.inventory;

import com.llatria.domain.item.Item;

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

    /**
     * Whether a delete may go ahead: it removes the photos and postings too, so the tag must name
     * the stored version itself.
     */
    boolean matchesExactly(Item stored) {
        return versions.contains(stored.version());
    }

    /**
     * Whether a write of the item's fields may go ahead: a tag names the stored version, or a
     * version no older than the last change of the fields ({@link Item#contentVersion}) and not
     * newer than the stored one. Postings and photos are the item's child rows: their writes move
     * the version (and the ETag, so If-None-Match still sees them) but leave what a PUT or PATCH
     * would overwrite as the client saw it, so a posting job finishing is not "someone else
     * wrote first" (finding 9.35).
     */
    public boolean matches(Item stored) {
        return matchesSince(stored, stored.contentVersion());
    }

    /**
     * Whether a write of the item's photos (an upload, a delete, a reorder) may go ahead: as
     * {@link #matches} and, besides, no photo write came after the named version
     * ({@code photosVersion}: the version of the last one). Two devices reordering with one tag
     * contend for the same thing, the photos; the second must fail (finding 9.41). A posting
     * job's write still stales nothing.
     */
    public boolean matchesPhotos(Item stored, long photosVersion) {
        return matchesSince(stored, Math.max(stored.contentVersion(), photosVersion));
    }

    private boolean matchesSince(Item stored, long since) {
        return versions.stream().anyMatch(v -> v == stored.version() || (v >= since && v <= stored.version()));
    }

    String describe() {
        return versions.isEmpty() ? "the version asked for" : versions.size() == 1 ? String.valueOf(versions.get(0))
                : "any of " + versions;
    }
}
