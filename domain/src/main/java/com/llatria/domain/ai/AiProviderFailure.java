package com.llatria.domain.ai;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider call that gave no usable answer. {@link Reason} says whether trying again (later,
 * or with the other provider) can help; adapters have already retried what their contract
 * says to retry before throwing this.
 */
public final class AiProviderFailure extends RuntimeException {
    public enum Reason {
        /** 429 rate limit still hit after the retries; {@code retryAfter} says when to come back. */
        RATE_LIMITED(true),
        /** The account's quota or credit is spent: retrying cannot help until someone pays. */
        QUOTA_EXHAUSTED(false),
        /** 5xx or network failure after the retries. */
        UNAVAILABLE(true),
        /** No answer within the per-call timeout, after the retries, or the request's deadline came first. */
        TIMEOUT(true),
        /** The user's daily allowance of provider calls is spent: no call was made. */
        ALLOWANCE_SPENT(false),
        /** The provider refused the request itself (bad key, bad model name, 4xx). */
        REJECTED(false),
        /** The model declined to answer (a refusal or a safety block). */
        REFUSED(false),
        /** The answer was cut off (finish_reason length, MAX_TOKENS). */
        TRUNCATED(true),
        /** The answer was not the JSON we asked for, or had no usable title. */
        INVALID_ANSWER(true);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Whether the same request may succeed on another try. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final AiProvider provider;
    private final Reason reason;
    private final Optional<Duration> retryAfter;
    private final Optional<AiUsage> usage;

    public AiProviderFailure(AiProvider provider, Reason reason, String message, Optional<Duration> retryAfter,
                             Optional<AiUsage> usage) {
        super(message, null, false, false);
        this.provider = Objects.requireNonNull(provider);
        this.reason = Objects.requireNonNull(reason);
        this.retryAfter = Objects.requireNonNull(retryAfter);
        this.usage = Objects.requireNonNull(usage);
    }

    public AiProviderFailure(AiProvider provider, Reason reason, String message) {
        this(provider, reason, message, Optional.empty(), Optional.empty());
    }

    public AiProvider provider() {
        return provider;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** Tokens billed even though the answer was unusable (a truncated answer costs its tokens). */
    public Optional<AiUsage> usage() {
        return usage;
    }
}
