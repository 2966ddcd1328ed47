package com.llatria.adapters.persistence.contract;

import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.port.RateLimits;
import com.llatria.domain.port.RateLimits.Client;
import com.llatria.domain.port.RateLimits.Quota;
import com.llatria.domain.port.RateLimits.Verdict;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs against the in-memory buckets and the Redis ones; time moves by the clock, never by sleeping. */
public abstract class RateLimitsContract {
    protected final MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
    protected RateLimits limits;

    protected abstract RateLimits freshLimits(MutableClock clock);

    @BeforeEach
    void setUpLimits() {
        limits = freshLimits(clock);
    }

    /** Each test its own clients: a shared Redis keeps budgets between tests. */
    protected static Client anAddress() {
        return Client.address("10.0.0." + UUID.randomUUID());
    }

    @Test
    void the_hundred_and_first_request_in_a_minute_is_refused_with_the_wait_until_the_next() {
        Client client = anAddress();
        Quota quota = Quota.perMinute(100);
        for (int i = 0; i < 100; i++) {
            Verdict verdict = limits.take(client, quota);
            assertThat(verdict.allowed()).as("request %d", i + 1).isTrue();
            assertThat(verdict.remaining()).isEqualTo(99 - i);
        }
        Verdict refused = limits.take(client, quota);
        assertThat(refused.allowed()).isFalse();
        // refilled smoothly: one request every 600 ms
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void another_client_is_not_affected() {
        Client busy = anAddress();
        Quota quota = Quota.perMinute(3);
        for (int i = 0; i < 3; i++) limits.take(busy, quota);
        assertThat(limits.take(busy, quota).allowed()).isFalse();

        assertThat(limits.take(anAddress(), quota).allowed()).isTrue();
        assertThat(limits.take(Client.user(new UserId(UUID.randomUUID())), quota).allowed()).isTrue();
    }

    @Test
    void the_budget_refills_with_time() {
        Client client = anAddress();
        Quota quota = Quota.perMinute(10);
        for (int i = 0; i < 10; i++) limits.take(client, quota);
        Verdict refused = limits.take(client, quota);
        assertThat(refused.allowed()).isFalse();

        clock.advance(refused.retryAfter());
        assertThat(limits.take(client, quota).allowed()).isTrue();
        assertThat(limits.take(client, quota).allowed()).isFalse();

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) assertThat(limits.take(client, quota).allowed()).isTrue();
        assertThat(limits.take(client, quota).allowed()).isFalse();
    }

    @Test
    void a_user_has_a_thousand_a_minute() {
        Client user = Client.user(new UserId(UUID.randomUUID()));
        Quota quota = Quota.perMinute(1000);
        for (int i = 0; i < 1000; i++) assertThat(limits.take(user, quota).allowed()).isTrue();
        assertThat(limits.take(user, quota).allowed()).isFalse();
    }
}
