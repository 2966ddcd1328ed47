package com.llatria.domain.port;

import com.llatria.domain.user.UserId;

import java.time.Duration;
import java.util.Objects;

/**
 * Request budgets per client (a network address, or a signed-in user): each request takes one,
 * and they refill over time. Shared by every server instance when the adapter is.
 */
public interface RateLimits {
    /** Takes one request from {@code client}'s budget under {@code quota}; never blocks for long. */
    Verdict take(Client client, Quota quota);

    /** Whose budget: the key a budget is kept under. */
    record Client(String key) {
        public Client {
            Objects.requireNonNull(key, "key");
        }

        public static Client address(String address) {
            return new Client("ip:" + address);
        }

        public static Client user(UserId user) {
            return new Client("user:" + user.value());
        }
    }

    /** {@code requests} per {@code per}, refilled smoothly (one every {@code per / requests}). */
    record Quota(long requests, Duration per) {
        public Quota {
            if (requests < 1) throw new IllegalArgumentException("requests must be at least 1");
            if (per.isZero() || per.isNegative()) throw new IllegalArgumentException("per must be positive");
        }

        public static Quota perMinute(long requests) {
            return new Quota(requests, Duration.ofMinutes(1));
        }
    }

    /** Whether the request may go on, what is left, and when the next one would be allowed. */
    record Verdict(boolean allowed, long remaining, Duration retryAfter) {
        public static Verdict allow(long remaining) {
            return new Verdict(true, remaining, Duration.ZERO);
        }

        public static Verdict refuse(Duration retryAfter) {
            return new Verdict(false, 0, retryAfter);
        }
    }
}
