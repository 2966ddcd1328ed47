package com.llatria.adapters.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure;
import com.llatria.domain.ai.AiProviderFailure.Reason;
import com.llatria.domain.ai.CallBudget;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * A provider call with the retries its contract allows, shared by the adapters: each adapter's
 * {@link Judge} says what an HTTP answer means; timeouts and connection failures are judged here
 * (retry). Every attempt takes a call from the request's allowance first (none left before the
 * first: {@link Reason#ALLOWANCE_SPENT}, nothing sent; none left for a retry: the last attempt's
 * failure), and each attempt is
 * bounded as a whole (headers and body, so an answer that trickles in cannot hold a thread),
 * by the attempt timeout and by what is left of the request's deadline; a retry whose wait would
 * end past the deadline is not started.
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

    /** What one HTTP answer means; {@code latency} is that attempt's, from sending to the last byte. */
    @FunctionalInterface
    interface Judge<T> {
        Verdict<T> judge(ProviderResponse response, Duration latency);
    }

    private final AiProvider provider;
    private final HttpClient http;
    private final Duration timeout;
    private final Backoff backoff;
    private final RandomGenerator random;

    ProviderExchange(AiProvider provider, HttpClient http, ProviderSettings settings, RandomGenerator random) {
        this.provider = provider;
        this.http = http;
        this.timeout = settings.timeout();
        this.backoff = settings.backoff();
        this.random = random;
    }

    /** POSTs {@code json} to {@code endpoint} with {@code headers} until the judge is satisfied, or gives up. */
    <T> T post(URI endpoint, Map<String, String> headers, String json, CallBudget budget, Judge<T> judge) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        Verdict.Retry<T> last = null;
        for (int attempt = 1; ; attempt++) {
            Duration left = budget.deadline().remaining();
            if (left.isZero()) throw outOfTime(last);
            if (!budget.allowance().tryTake()) {
                // Nothing sent: the allowance's own failure. After attempts: what the provider said last.
                if (last != null) throw failure(last, last.retryAfter());
                throw new AiProviderFailure(provider, Reason.ALLOWANCE_SPENT, "the daily allowance of provider calls is spent");
            }
            Duration limit = left.compareTo(timeout) < 0 ? left : timeout;
            Verdict<T> verdict;
            long started = System.nanoTime();
            try {
                ProviderResponse response = send(request, limit);
                verdict = judge.judge(response, Duration.ofNanos(System.nanoTime() - started));
            } catch (HttpTimeoutException e) {
                verdict = new Verdict.Retry<>(Reason.TIMEOUT, "no whole answer within " + limit.toMillis() + " ms", Optional.empty());
            } catch (IOException e) {
                verdict = new Verdict.Retry<>(Reason.UNAVAILABLE, "connection failed: " + e.getClass().getSimpleName(), Optional.empty());
            }
            if (verdict instanceof Verdict.Done<T> done) return done.value();
            if (verdict instanceof Verdict.Fail<T> fail) throw fail.failure();
            last = (Verdict.Retry<T>) verdict;
            if (last.retryAfter().isPresent() && last.retryAfter().get().compareTo(backoff.longestWait()) > 0) {
                throw failure(last, last.retryAfter());
            }
            if (attempt >= backoff.maxAttempts()) throw failure(last, last.retryAfter().or(() -> Optional.of(Duration.ofSeconds(5))));
            Duration delay = backoff.delay(attempt, last.retryAfter(), random);
            // Waiting past the deadline only to be cut off: say now when to come back instead.
            if (delay.compareTo(budget.deadline().remaining()) >= 0) throw failure(last, Optional.of(delay));
            sleep(delay);
        }
    }

    /** The deadline passed before an attempt: what the provider said last, if it was asked at all. */
    private AiProviderFailure outOfTime(Verdict.Retry<?> last) {
        if (last != null) return failure(last, last.retryAfter().or(() -> Optional.of(Duration.ofSeconds(5))));
        return new AiProviderFailure(provider, Reason.TIMEOUT, "the request's deadline passed before the provider was asked",
                Optional.of(Duration.ofSeconds(5)), Optional.empty());
    }

    private AiProviderFailure failure(Verdict.Retry<?> retry, Optional<Duration> retryAfter) {
        return new AiProviderFailure(provider, retry.reason(), retry.message(), retryAfter, Optional.empty());
    }

    /** One attempt, bounded as a whole: the wait for the headers and the reading of the body together. */
    private ProviderResponse send(HttpRequest request, Duration limit) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> new CappedBody(MAX_BODY_BYTES));
        try {
            HttpResponse<byte[]> response = pending.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return new ProviderResponse(response.statusCode(), response.headers(), response.body());
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("no whole answer within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new AiProviderFailure(provider, Reason.TIMEOUT, "interrupted while waiting for the provider");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CappedBody.TooLarge) {
                throw new AiProviderFailure(provider, Reason.INVALID_ANSWER, "the answer is larger than " + MAX_BODY_BYTES + " bytes");
            }
            if (cause instanceof IOException io) throw io;
            throw new IOException(cause);
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

    /** The {@code error} object of a provider's error body, or an empty object when the body is not JSON. */
    static JsonNode errorOf(ProviderResponse response) {
        try {
            return UntrustedAnswer.JSON.readTree(response.body()).path("error");
        } catch (IOException | RuntimeException e) {
            return UntrustedAnswer.JSON.createObjectNode();
        }
    }

    /** The longest wait a provider may name that is passed on: a client told "in 292 million years" never comes back (8.8). */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    /** A wait a provider named, in seconds: at least zero, at most {@link #LONGEST_RETRY_AFTER}, which also stands for infinity. */
    static Duration retryAfterSeconds(double seconds) {
        if (Double.isNaN(seconds) || seconds <= 0) return Duration.ZERO;
        if (seconds >= LONGEST_RETRY_AFTER.toSeconds()) return LONGEST_RETRY_AFTER;
        return Duration.ofMillis((long) (seconds * 1000));
    }

    /** A Retry-After header: delay-seconds (HTTP-date is not used by these providers). */
    static Optional<Duration> retryAfterHeader(ProviderResponse response) {
        Optional<String> millis = response.header("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(retryAfterSeconds(Double.parseDouble(millis.get().trim()) / 1000));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        return response.header("retry-after").flatMap(value -> {
            try {
                return Optional.of(retryAfterSeconds(Double.parseDouble(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Collects a body up to {@code max} bytes and refuses the rest (cancelling the stream). */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        static final class TooLarge extends IOException {
            TooLarge() {
                super("body over the cap", null);
            }
        }

        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;
        private Flow.Subscription subscription;

        CappedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) return;
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
