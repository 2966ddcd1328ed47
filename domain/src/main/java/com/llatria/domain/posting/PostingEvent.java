package com.llatria.domain.posting;

import java.time.Instant;
import java.util.Optional;

/** Things that happen to a posting. Which are allowed depends on its state. */
public sealed interface PostingEvent {
    record Post(Instant at) implements PostingEvent {
    }

    record Succeeded(String listingId, Optional<String> url, Instant at) implements PostingEvent {
    }

    record Failed(String message, Instant at, RetryPolicy policy) implements PostingEvent {
    }

    record Retry(Instant at) implements PostingEvent {
    }

    record Update(Instant at) implements PostingEvent {
    }

    record Remove(Instant at) implements PostingEvent {
    }

    record Removed() implements PostingEvent {
    }
}
