package com.llatria.domain.posting;

import java.time.Instant;
import java.util.Optional;

/** Things that happen to a posting. Which are allowed depends on its state. */
public sealed interface PostingEvent {
    record Post(Instant at) implements PostingEvent {
    }

    record Succeeded(String listingId, Optional<String> url, Instant at) implements PostingEvent {
    }

    /** A transient failure, retried by the policy. */
    record Failed(String message, Instant at, RetryPolicy policy) implements PostingEvent {
    }

    /** A permanent failure: the platform refused what we sent, or something the seller must fix is missing. */
    record Rejected(String message, Instant at) implements PostingEvent {
    }

    record Retry(Instant at) implements PostingEvent {
    }

    record Update(Instant at) implements PostingEvent {
    }

    record Remove(Instant at) implements PostingEvent {
    }

    record RemovalFailed(String message, Instant at, RetryPolicy policy) implements PostingEvent {
    }

    record Removed() implements PostingEvent {
    }
}
