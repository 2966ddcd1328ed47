package com.llatria.bootstrap;

import com.llatria.adapters.ai.GeminiAdapter;
import com.llatria.adapters.ai.OpenAiAdapter;
import com.llatria.domain.ai.AiProvider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The AI assistant's settings from the environment. OpenAI counts as configured with a key, or
 * with only OPENAI_BASE_URL (a local OpenAI-compatible server such as Ollama needs no key);
 * Gemini with a key. Neither: the server starts all the same, recognition answers a problem
 * naming these settings, and price suggestions work from the seller's own sales.
 */
public record AiEnvironment(Optional<OpenAiAdapter.Settings> openAi, Optional<GeminiAdapter.Settings> gemini,
                            Optional<AiProvider> primary, double escalationThreshold, int dailyLimit, int maxConcurrentCalls,
                            Optional<String> redisUrl) {

    public static AiEnvironment from(Map<String, String> env) {
        Duration timeout = Duration.ofSeconds(integer(env, "AI_TIMEOUT_SECONDS", 30, 1, 600));
        Optional<String> openAiKey = nonBlank(env, "OPENAI_API_KEY");
        Optional<String> openAiBase = nonBlank(env, "OPENAI_BASE_URL");
        Optional<OpenAiAdapter.Settings> openAi = openAiKey.isPresent() || openAiBase.isPresent()
                ? Optional.of(new OpenAiAdapter.Settings(url(openAiBase.orElse(OpenAiAdapter.DEFAULT_BASE_URL.toString()), "OPENAI_BASE_URL"),
                openAiKey, nonBlank(env, "OPENAI_MODEL").orElse(OpenAiAdapter.DEFAULT_MODEL), timeout, 2_000,
                com.llatria.adapters.ai.Backoff.DEFAULT))
                : Optional.empty();
        Optional<GeminiAdapter.Settings> gemini = nonBlank(env, "GEMINI_API_KEY").map(key -> new GeminiAdapter.Settings(
                url(nonBlank(env, "GEMINI_BASE_URL").orElse(GeminiAdapter.DEFAULT_BASE_URL.toString()), "GEMINI_BASE_URL"), key,
                nonBlank(env, "GEMINI_MODEL").orElse(GeminiAdapter.DEFAULT_MODEL), timeout, 2_000,
                com.llatria.adapters.ai.Backoff.DEFAULT));
        Optional<AiProvider> primary = nonBlank(env, "AI_PRIMARY").map(name -> AiProvider.fromWire(name.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("AI_PRIMARY must be openai or gemini, not '" + name + "'")));
        double threshold = decimal(env, "AI_ESCALATION_THRESHOLD", 0.6);
        return new AiEnvironment(openAi, gemini, primary, threshold, integer(env, "AI_DAILY_LIMIT", 50, 0, 1_000_000),
                integer(env, "AI_MAX_CONCURRENT", 8, 1, 1_000), nonBlank(env, "REDIS_URL"));
    }

    public boolean configured() {
        return openAi.isPresent() || gemini.isPresent();
    }

    private static URI url(String text, String name) {
        try {
            URI uri = URI.create(text);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) throw new IllegalArgumentException();
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an http(s) URL, not '" + text + "'");
        }
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        Optional<String> raw = nonBlank(env, name);
        if (raw.isEmpty()) return fallback;
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not '" + raw.get() + "'");
        }
    }

    private static double decimal(Map<String, String> env, String name, double fallback) {
        Optional<String> raw = nonBlank(env, name);
        if (raw.isEmpty()) return fallback;
        try {
            double value = Double.parseDouble(raw.get());
            if (!(value >= 0 && value <= 1)) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number from 0 to 1, not '" + raw.get() + "'");
        }
    }
}
