package com.llatria.domain.ai;

import java.time.Duration;
import java.util.Objects;

/** What one provider call cost: who answered, with which model, the tokens it billed and how long it took. */
public record AiUsage(AiProvider provider, String model, int promptTokens, int completionTokens, Duration latency) {
    public AiUsage {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(latency, "latency");
        if (promptTokens < 0 || completionTokens < 0) throw new IllegalArgumentException("tokens are never negative");
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
