package com.llatria.domain.posting;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a platform answered to a publish or a take-down. */
public sealed interface ListingOutcome {

    /** Live: the listing id, its public address if the platform gives one, and what it warned about. */
    record Published(String listingId, Optional<String> url, Optional<String> externalRef, List<String> warnings)
            implements ListingOutcome {
        public Published {
            Objects.requireNonNull(listingId, "listingId");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(externalRef, "externalRef");
            warnings = List.copyOf(warnings);
        }
    }

    /** Gone from the platform (or was never there). */
    record Removed(List<String> warnings) implements ListingOutcome {
        public Removed {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * It did not work. {@code message} is the detail (the platform's words, what is missing);
     * {@code problem} says why as a stable code (by default from the kind). {@code externalRef}
     * keeps what a partial attempt learned (an offer created before publishing failed).
     */
    record Failed(Failure kind, String message, Optional<String> externalRef, PostingProblem problem) implements ListingOutcome {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(externalRef, "externalRef");
            Objects.requireNonNull(problem, "problem");
        }

        public Failed(Failure kind, String message, Optional<String> externalRef) {
            this(kind, message, externalRef, problemOf(kind));
        }

        public static Failed of(Failure kind, String message) {
            return new Failed(kind, message, Optional.empty());
        }

        public static Failed of(PostingProblem problem, Failure kind, String message) {
            return new Failed(kind, message, Optional.empty(), problem);
        }

        public Failed because(PostingProblem value) {
            return new Failed(kind, message, externalRef, value);
        }

        private static PostingProblem problemOf(Failure kind) {
            return switch (kind) {
                case TRANSIENT -> PostingProblem.PLATFORM_UNAVAILABLE;
                case PERMANENT -> PostingProblem.PLATFORM_REFUSED;
                case TOKEN_EXPIRED, RECONNECT -> PostingProblem.RECONNECT;
            };
        }
    }

    enum Failure {
        /** The platform is down, slow or busy: try again later. */
        TRANSIENT,
        /** The platform refused what we sent, or something is missing: trying again as is cannot work. */
        PERMANENT,
        /** The access token was refused as expired: refresh it and try once more. */
        TOKEN_EXPIRED,
        /** The account's authorization is gone for good: the seller must connect again. */
        RECONNECT
    }
}
