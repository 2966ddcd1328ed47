package com.llatria.application.ai;

import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.domain.ai.AiProviderFailure;

import java.time.Duration;

/** The assistant's expected failures, each with what a client can do about it. */
final class AiFailures {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(AiFailures.class.getName());
    static final String SETTINGS = "set GEMINI_API_KEY or OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible "
            + "server such as Ollama) and restart";

    private AiFailures() {
    }

    static UseCaseException notConfigured() {
        return new UseCaseException(Kind.UNAVAILABLE, "ai-not-configured", "AI is not configured",
                "No AI provider is configured: " + SETTINGS + ". Price suggestions from your own sales work without one.");
    }

    static UseCaseException busy(Duration retryAfter) {
        return new UseCaseException(Kind.UNAVAILABLE, "ai-busy", "AI assistant busy",
                "Too many AI requests are running on this server; try again in a moment.").withRetryAfter(retryAfter);
    }

    static UseCaseException dailyLimit(int limit, Duration untilTomorrow) {
        return new UseCaseException(Kind.RATE_LIMITED, "ai-daily-limit", "Daily AI limit reached",
                "You have used all " + limit + " AI requests for today (UTC); the allowance renews at midnight UTC.")
                .withRetryAfter(untilTomorrow);
    }

    /**
     * The failure as the client hears it: who failed and how, never the provider's own words,
     * which can carry the operator's account, organisation or key fragments (8.9); those go to
     * the server's log.
     *
     * @param dailyLimit the user's daily limit, for a failure that is the allowance being spent
     */
    static UseCaseException provider(AiProviderFailure failure, java.util.function.Supplier<UseCaseException> dailyLimit) {
        String who = failure.provider().wireName();
        String how = failure.reason().name().toLowerCase(java.util.Locale.ROOT);
        if (failure.reason() != AiProviderFailure.Reason.ALLOWANCE_SPENT) {
            LOG.warning(() -> "AI provider " + who + " failed (" + how + "): " + failure.getMessage());
        }
        return switch (failure.reason()) {
            case ALLOWANCE_SPENT -> dailyLimit.get();
            case RATE_LIMITED, UNAVAILABLE, TIMEOUT -> new UseCaseException(Kind.UNAVAILABLE, "ai-provider-unavailable",
                    "AI provider unavailable", "The AI provider (" + who + ") did not answer usefully (" + how
                    + "). Nothing was changed; try again later.")
                    .withRetryAfter(failure.retryAfter().orElse(Duration.ofSeconds(10)));
            case QUOTA_EXHAUSTED -> new UseCaseException(Kind.UNAVAILABLE, "ai-quota-exhausted", "AI provider quota exhausted",
                    "The AI provider's (" + who + ") quota or credit is spent; the server's operator must top it up.")
                    .withRetryAfter(Duration.ofHours(1));
            case REJECTED -> new UseCaseException(Kind.UNAVAILABLE, "ai-provider-rejected", "AI provider refused the request",
                    "The AI provider (" + who + ") refused the server's request. The operator should check the API key and model "
                    + "settings (the server's log has the provider's answer).").withRetryAfter(Duration.ofHours(1));
            case REFUSED -> new UseCaseException(Kind.UNPROCESSABLE, "ai-refused", "The model declined",
                    "The model (" + who + ") declined to describe these photos. Nothing was changed.");
            case TRUNCATED, INVALID_ANSWER -> new UseCaseException(Kind.UNAVAILABLE, "ai-answer-unusable", "Unusable AI answer",
                    "The model's (" + who + ") answer could not be used (" + how
                    + "). Nothing was changed; trying again usually helps.").withRetryAfter(Duration.ofSeconds(1));
        };
    }
}
