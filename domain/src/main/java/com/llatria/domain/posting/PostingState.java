package com.llatria.domain.posting;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one item stands on one platform. Each state offers exactly the moves it allows, so an
 * illegal transition does not compile:
 * idle → posting → posted; posting → error → posting (retry); posted → posting (update);
 * posting, posted, error → removing (take-down) → idle; removing → removing (a failed take-down, retried).
 * {@link #on(PostingEvent)} is the same machine driven by events, for callers that only learn
 * at run time what happened; it refuses what the typed methods do not offer.
 *
 * <p>A take-down is allowed from {@code posting} and {@code error} too: an attempt that died
 * after the platform answered may have created a listing nobody recorded, so "nothing known"
 * is not "nothing there" and the removal asks the platform.
 */
public sealed interface PostingState {

    String wireName();

    /** When the platform must next be asked to do something, if ever. */
    Optional<Instant> dueAt();

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

        public Optional<Instant> dueAt() {
            return Optional.empty();
        }
    }

    /**
     * A create or update is under way. {@code listingId} is present when updating an existing
     * listing, so that a retry updates it instead of creating a second one; {@code url} is that
     * listing's address, kept so the seller can open it while it is revised (finding 9.18).
     */
    record Posting(int attempt, Instant startedAt, Optional<String> listingId, Optional<String> url) implements PostingState {
        public Posting {
            if (attempt < 1) throw new IllegalArgumentException("attempt starts at 1");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(listingId, "listingId");
            Objects.requireNonNull(url, "url");
        }

        /** A new listing, or one whose address is not known. */
        public Posting(int attempt, Instant startedAt, Optional<String> listingId) {
            this(attempt, startedAt, listingId, Optional.empty());
        }

        public Posted succeeded(String newListingId, Optional<String> url, Instant at) {
            return new Posted(newListingId, url, at);
        }

        /** A failure worth retrying (the platform was down, timed out): retried with backoff until the policy gives up. */
        public Failed failed(String message, Instant at, RetryPolicy policy) {
            Optional<Instant> next = attempt >= policy.maxAttempts() ? Optional.empty() : Optional.of(policy.nextRetry(at, attempt));
            return new Failed(message, attempt, at, next, listingId, url);
        }

        /** A failure that would fail again as is (missing settings, refused content): no automatic retry. */
        public Failed rejected(String message, Instant at) {
            return new Failed(message, attempt, at, Optional.empty(), listingId, url);
        }

        public Removing remove(Instant at) {
            return Removing.start(listingId, url, at);
        }

        public String wireName() {
            return "posting";
        }

        public Optional<Instant> dueAt() {
            return Optional.of(startedAt);
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
            return new Posting(1, at, Optional.of(listingId), url);
        }

        public Removing remove(Instant at) {
            return Removing.start(Optional.of(listingId), url, at);
        }

        public String wireName() {
            return "posted";
        }

        public Optional<Instant> dueAt() {
            return Optional.empty();
        }
    }

    /**
     * The last attempt failed. With {@code nextRetryAt} it is tried again then; without, it
     * waits for the seller (fix what the message says, then post again).
     */
    record Failed(String message, int attempts, Instant failedAt, Optional<Instant> nextRetryAt, Optional<String> listingId,
                  Optional<String> url) implements PostingState {
        public Failed {
            Objects.requireNonNull(message, "message");
            if (attempts < 1) throw new IllegalArgumentException("attempts starts at 1");
            Objects.requireNonNull(failedAt, "failedAt");
            Objects.requireNonNull(nextRetryAt, "nextRetryAt");
            Objects.requireNonNull(listingId, "listingId");
            Objects.requireNonNull(url, "url");
        }

        public Failed(String message, int attempts, Instant failedAt, Optional<Instant> nextRetryAt, Optional<String> listingId) {
            this(message, attempts, failedAt, nextRetryAt, listingId, Optional.empty());
        }

        public Posting retry(Instant at) {
            return new Posting(attempts + 1, at, listingId, url);
        }

        public Removing remove(Instant at) {
            return Removing.start(listingId, url, at);
        }

        public String wireName() {
            return "error";
        }

        public Optional<Instant> dueAt() {
            return nextRetryAt;
        }
    }

    /**
     * Being taken down from the platform. A take-down that fails keeps trying with backoff and
     * shows why ({@code lastError}); the item must not stay for sale somewhere.
     */
    record Removing(Optional<String> listingId, Instant startedAt, int failures, Optional<String> lastError, Instant nextAttemptAt,
                    Optional<String> url) implements PostingState {
        public Removing {
            Objects.requireNonNull(listingId, "listingId");
            Objects.requireNonNull(startedAt, "startedAt");
            if (failures < 0) throw new IllegalArgumentException("failures cannot be negative");
            Objects.requireNonNull(lastError, "lastError");
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
            Objects.requireNonNull(url, "url");
        }

        public Removing(Optional<String> listingId, Instant startedAt, int failures, Optional<String> lastError, Instant nextAttemptAt) {
            this(listingId, startedAt, failures, lastError, nextAttemptAt, Optional.empty());
        }

        static Removing start(Optional<String> listingId, Optional<String> url, Instant at) {
            return new Removing(listingId, at, 0, Optional.empty(), at, url);
        }

        public Idle removed() {
            return new Idle();
        }

        public Removing failed(String message, Instant at, RetryPolicy policy) {
            return new Removing(listingId, startedAt, failures + 1, Optional.of(message), policy.nextRetry(at, failures + 1), url);
        }

        public String wireName() {
            return "removing";
        }

        public Optional<Instant> dueAt() {
            return Optional.of(nextAttemptAt);
        }
    }
}
