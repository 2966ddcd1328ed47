package com.llatria.bootstrap;

import com.llatria.adapters.ai.GeminiAdapter;
import com.llatria.adapters.ai.OpenAiAdapter;
import com.llatria.adapters.ai.ProviderSettings;
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
public record AiEnvironment(Optional<ProviderSettings> openAi, Optional<ProviderSettings> gemini,
                            Optional<AiProvider> primary, double escalationThreshold, int dailyLimit, int maxConcurrentCalls,
                            Optional<String> redisUrl, Duration deadline) {

    public static AiEnvironment from(Map<String, String> env) {
        Duration timeout = Duration.ofSeconds(Settings.integer(env, "AI_TIMEOUT_SECONDS", 30, 1, 600));
        Optional<String> openAiKey = Settings.nonBlank(env, "OPENAI_API_KEY");
        Optional<String> openAiBase = Settings.nonBlank(env, "OPENAI_BASE_URL");
        Optional<ProviderSettings> openAi = openAiKey.isPresent() || openAiBase.isPresent()
                ? Optional.of(new ProviderSettings(url(openAiBase.orElse(OpenAiAdapter.DEFAULT_BASE_URL.toString()), "OPENAI_BASE_URL"),
                openAiKey, Settings.nonBlank(env, "OPENAI_MODEL").orElse(OpenAiAdapter.DEFAULT_MODEL), timeout, 2_000,
                com.llatria.adapters.ai.Backoff.DEFAULT))
                : Optional.empty();
        Optional<ProviderSettings> gemini = Settings.nonBlank(env, "GEMINI_API_KEY").map(key -> new ProviderSettings(
                url(Settings.nonBlank(env, "GEMINI_BASE_URL").orElse(GeminiAdapter.DEFAULT_BASE_URL.toString()), "GEMINI_BASE_URL"), Optional.of(key),
                Settings.nonBlank(env, "GEMINI_MODEL").orElse(GeminiAdapter.DEFAULT_MODEL), timeout, 2_000,
                com.llatria.adapters.ai.Backoff.DEFAULT));
        Optional<AiProvider> primary = Settings.nonBlank(env, "AI_PRIMARY").map(name -> AiProvider.fromWire(name.toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("AI_PRIMARY must be openai or gemini, not '" + name + "'")));
        double threshold = decimal(env, "AI_ESCALATION_THRESHOLD", 0.6);
        return new AiEnvironment(openAi, gemini, primary, threshold, Settings.integer(env, "AI_DAILY_LIMIT", 50, 0, 1_000_000),
                Settings.integer(env, "AI_MAX_CONCURRENT", 8, 1, 1_000), Settings.nonBlank(env, "REDIS_URL"),
                Duration.ofSeconds(Settings.integer(env, "AI_DEADLINE_SECONDS", 60, 1, 3_600)));
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

    private static double decimal(Map<String, String> env, String name, double fallback) {
        Optional<String> raw = Settings.nonBlank(env, name);
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
