package com.llatria.domain.posting;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one item stands on one platform. Each state offers exactly the moves it allows, so an
 * illegal transition does not compile:
 * idle → posting → posted; posting → error → posting (retry); posted → removing → idle;
 * posted → posting (update).
 * {@link #on(PostingEvent)} is the same machine driven by events, for callers that only learn
 * at run time what happened; it refuses what the typed methods do not offer.
 */
public sealed interface PostingState {

    String wireName();

    default PostingTransition on(PostingEvent event) {
        return PostingTransitions.apply(this, event);
    }

    /** Not on the platform. */
    record Idle() implements PostingState {
        public Posting post(Instant at) {
            return new Posting(1, at, Optional.empty());
        }

        public String wireName() {
            return "idle";
        }
    }

    /**
     * A create or update is under way. {@code listingId} is present when updating an existing
     * listing, so that a retry updates it instead of creating a second one.
     */
    record Posting(int attempt, Instant startedAt, Optional<String> listingId) implements PostingState {
        public Posting {
            if (attempt < 1) throw new IllegalArgumentException("attempt starts at 1");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(listingId, "listingId");
        }

        public Posted succeeded(String newListingId, Optional<String> url, Instant at) {
            return new Posted(newListingId, url, at);
        }

        public Failed failed(String message, Instant at, RetryPolicy policy) {
            return new Failed(message, attempt, at, policy.nextRetry(at, attempt), listingId);
        }

        public String wireName() {
            return "posting";
        }
    }

    /** Live on the platform. */
    record Posted(String listingId, Optional<String> url, Instant postedAt) implements PostingState {
        public Posted {
            Objects.requireNonNull(listingId, "listingId");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(postedAt, "postedAt");
        }

        public Posting update(Instant at) {
            return new Posting(1, at, Optional.of(listingId));
        }

        public Removing remove(Instant at) {
            return new Removing(listingId, at);
        }

        public String wireName() {
            return "posted";
        }
    }

    /** The last attempt failed; the next one is due at {@code nextRetryAt}. */
    record Failed(String message, int attempts, Instant failedAt, Instant nextRetryAt, Optional<String> listingId)
            implements PostingState {
        public Failed {
            Objects.requireNonNull(message, "message");
            if (attempts < 1) throw new IllegalArgumentException("attempts starts at 1");
            Objects.requireNonNull(failedAt, "failedAt");
            Objects.requireNonNull(nextRetryAt, "nextRetryAt");
            Objects.requireNonNull(listingId, "listingId");
        }

        public Posting retry(Instant at) {
            return new Posting(attempts + 1, at, listingId);
        }

        public String wireName() {
            return "error";
        }
    }

    /** Being taken down from the platform. */
    record Removing(String listingId, Instant startedAt) implements PostingState {
        public Removing {
            Objects.requireNonNull(listingId, "listingId");
            Objects.requireNonNull(startedAt, "startedAt");
        }

        public Idle removed() {
            return new Idle();
        }

        public String wireName() {
            return "removing";
        }
    }
}
