package com.llatria.adapters.ai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one model provider.
 *
 * @param baseUrl         the API's base (a local OpenAI-compatible server's, or a fake's in tests)
 * @param apiKey          empty only where the provider takes none (a local server)
 * @param timeout         one attempt, from sending the request to the last byte of the answer
 * @param maxOutputTokens enough for a full listing; an answer cut at this length is refused, not half-used
 * @param backoff         how failed attempts are retried (each request's deadline bounds it all)
 */
public record ProviderSettings(URI baseUrl, Optional<String> apiKey, String model, Duration timeout, int maxOutputTokens,
                               Backoff backoff) {
    public ProviderSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout > 0");
        if (maxOutputTokens < 1) throw new IllegalArgumentException("maxOutputTokens >= 1");
    }

    /** A 30-second attempt, 2,000 output tokens, the default backoff. */
    public static ProviderSettings of(URI baseUrl, Optional<String> apiKey, String model) {
        return new ProviderSettings(baseUrl, apiKey, model, Duration.ofSeconds(30), 2_000, Backoff.DEFAULT);
    }

    /** The base URL with {@code path} appended, whether or not the base ends with a slash. */
    URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
