package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.PostingState;
import com.llatria.domain.user.UserId;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * An item's postings fetched in the same query as the item, like its photos ({@link PhotosJson}):
 * {@link #COLUMN} aggregates the platform_postings rows into one JSON array in platform order,
 * timestamps as epoch microseconds, and {@link #read} turns it back into postings. The job
 * columns (due_at, lease_*) are not read: they are the worker's, not the item's.
 */
final class PostingsJson {
    /** A correlated subquery over the items row in scope (served by platform_postings_owner_item). */
    static final String COLUMN = "(select json_agg(json_build_array(q.id, q.platform, q.mode, q.state, q.attempts, "
            + micros("q.started_at") + ", q.listing_id, q.url, " + micros("q.posted_at") + ", q.message, "
            + micros("q.failed_at") + ", " + micros("q.next_retry_at") + ", q.external_ref, q.warnings, q.category_id, "
            + "q.version) order by q.platform) from platform_postings q where q.owner_id = items.owner_id and q.item_id = items.id)";

    private static final JsonFactory JSON = new JsonFactory();

    private PostingsJson() {
    }

    private static String micros(String column) {
        return "(extract(epoch from " + column + ") * 1000000)::bigint";
    }

    /** The postings in {@code json}, UTF-8 (null when the item has none). */
    static List<PlatformPosting> read(byte[] json, UserId owner, ItemId item) {
        if (json == null) return List.of();
        try (JsonParser p = JSON.createParser(json)) {
            List<PlatformPosting> postings = new ArrayList<>(2);
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                UUID id = UUID.fromString(text(p));
                String platform = text(p);
                String mode = text(p);
                String state = text(p);
                p.nextToken();
                int attempts = p.getIntValue();
                Instant startedAt = instant(p);
                String listingId = text(p);
                String url = text(p);
                Instant postedAt = instant(p);
                String message = text(p);
                Instant failedAt = instant(p);
                Instant nextRetryAt = instant(p);
                String externalRef = text(p);
                expect(p.nextToken(), JsonToken.START_ARRAY);
                List<String> warnings = new ArrayList<>();
                while (p.nextToken() == JsonToken.VALUE_STRING) warnings.add(p.getText());
                String categoryId = text(p);
                p.nextToken();
                long version = p.getLongValue();
                expect(p.nextToken(), JsonToken.END_ARRAY);
                postings.add(posting(id, owner, item, platform, mode, state, attempts, startedAt, listingId, url, postedAt,
                        message, failedAt, nextRetryAt, externalRef, warnings, categoryId, version));
            }
            return postings;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable postings of item " + item, e);
        }
    }

    /** A posting from its row's values: the one mapping of platform_postings, for this column and for JooqPostingRepository. */
    static PlatformPosting posting(UUID id, UserId owner, ItemId item, String platform, String mode, String state, int attempts,
                                   Instant startedAt, String listingId, String url, Instant postedAt, String message,
                                   Instant failedAt, Instant nextRetryAt, String externalRef, List<String> warnings,
                                   String categoryId, long version) {
        Optional<String> listing = Optional.ofNullable(listingId);
        Optional<String> link = Optional.ofNullable(url);
        PostingState s = switch (state) {
            case "idle" -> new PostingState.Idle();
            case "posting" -> new PostingState.Posting(attempts, startedAt, listing, link);
            case "posted" -> new PostingState.Posted(listingId, link, postedAt);
            case "error" -> new PostingState.Failed(message, attempts, failedAt, Optional.ofNullable(nextRetryAt), listing, link);
            case "removing" -> new PostingState.Removing(listing, startedAt, attempts, Optional.ofNullable(message), nextRetryAt, link);
            default -> throw new IllegalStateException("unknown posting state " + state);
        };
        return new PlatformPosting(new PostingId(id), owner, item, Platform.valueOf(platform.toUpperCase(Locale.ROOT)),
                PostingMode.valueOf(mode.toUpperCase(Locale.ROOT)), s, Optional.ofNullable(externalRef), warnings,
                Optional.ofNullable(categoryId), version);
    }

    /** The next value as text, or null for a JSON null. */
    private static String text(JsonParser p) throws IOException {
        return p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static Instant instant(JsonParser p) throws IOException {
        if (p.nextToken() == JsonToken.VALUE_NULL) return null;
        long micros = p.getLongValue();
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) throw new IllegalStateException("expected " + expected + ", found " + actual);
    }
}
