package com.llatria.domain.ai;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The model providers we speak to. OPENAI covers every OpenAI-compatible server (Ollama, LM Studio, vLLM). */
public enum AiProvider {
    OPENAI, GEMINI;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AiProvider> fromWire(String text) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(text)).findFirst();
    }
}
