package com.llatria.adapters.ai;

import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure;
import com.llatria.domain.ai.AiProviderFailure.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One provider call with the retries its contract allows. The adapter's {@code judge} says what
 * each HTTP answer means; timeouts and connection failures are judged here (retry).
 */
final class ProviderExchange {
    /** A larger answer than any schema-shaped reply can need; read no further. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    sealed interface Verdict<T> {
        record Done<T>(T value) implements Verdict<T> {
        }

        record Retry<T>(Reason reason, String message, Optional<Duration> retryAfter) implements Verdict<T> {
        }

        record Fail<T>(AiProviderFailure failure) implements Verdict<T> {
        }
    }

    private final AiProvider provider;
    private final HttpClient http;
    private final Duration timeout;
    private final Backoff backoff;
    private final RandomGenerator random;

    ProviderExchange(AiProvider provider, HttpClient http, Duration timeout, Backoff backoff, RandomGenerator random) {
        this.provider = provider;
        this.http = http;
        this.timeout = timeout;
        this.backoff = backoff;
        this.random = random;
    }

    <T> T call(HttpRequest.Builder request, Function<ProviderResponse, Verdict<T>> judge) {
        HttpRequest built = request.timeout(timeout).build();
        for (int attempt = 1; ; attempt++) {
            Verdict<T> verdict;
            try {
                verdict = judge.apply(send(built));
            } catch (HttpTimeoutException e) {
                verdict = new Verdict.Retry<>(Reason.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", Optional.empty());
            } catch (IOException e) {
                verdict = new Verdict.Retry<>(Reason.UNAVAILABLE, "connection failed: " + e.getClass().getSimpleName(), Optional.empty());
            }
            if (verdict instanceof Verdict.Done<T> done) return done.value();
            if (verdict instanceof Verdict.Fail<T> fail) throw fail.failure();
            Verdict.Retry<T> retry = (Verdict.Retry<T>) verdict;
            if (retry.retryAfter().isPresent() && retry.retryAfter().get().compareTo(backoff.longestWait()) > 0) {
                throw failure(retry, retry.retryAfter());
            }
            if (attempt >= backoff.maxAttempts()) throw failure(retry, retry.retryAfter().or(() -> Optional.of(Duration.ofSeconds(5))));
            sleep(backoff.delay(attempt, retry.retryAfter(), random));
        }
    }

    private AiProviderFailure failure(Verdict.Retry<?> retry, Optional<Duration> retryAfter) {
        return new AiProviderFailure(provider, retry.reason(), retry.message(), retryAfter, Optional.empty());
    }

    private ProviderResponse send(HttpRequest request) throws IOException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    throw new AiProviderFailure(provider, Reason.INVALID_ANSWER, "the answer is larger than " + MAX_BODY_BYTES + " bytes");
                }
                return new ProviderResponse(response.statusCode(), response.headers(), bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiProviderFailure(provider, Reason.TIMEOUT, "interrupted while waiting for the provider");
        }
    }

    private void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AiProviderFailure(provider, Reason.TIMEOUT, "interrupted while waiting to retry");
        }
    }

    /** A Retry-After header: delay-seconds (HTTP-date is not used by these providers). */
    static Optional<Duration> retryAfterHeader(ProviderResponse response) {
        Optional<String> millis = response.header("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().trim()))));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        return response.header("retry-after").flatMap(value -> {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value.trim()) * 1000))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
