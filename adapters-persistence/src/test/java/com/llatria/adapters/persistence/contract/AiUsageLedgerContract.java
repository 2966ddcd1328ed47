package com.llatria.adapters.persistence.contract;

import com.llatria.domain.ai.AiOperation;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.AiUsageRecord;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class AiUsageLedgerContract extends PersistenceContract {
    private static final LocalDate DAY = LocalDate.parse("2026-11-25");

    @Test
    void requests_are_taken_until_the_daily_limit_and_the_next_day_starts_afresh() {
        UserId ann = aUser();

        List<Boolean> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) taken.add(persistence.ai().usage().tryReserve(ann, DAY, 3));

        assertThat(taken).containsExactly(true, true, true, false);
        assertThat(persistence.ai().usage().reserved(ann, DAY)).isEqualTo(3);
        assertThat(persistence.ai().usage().tryReserve(ann, DAY.plusDays(1), 3)).isTrue();
        assertThat(persistence.ai().usage().reserved(aUser(), DAY)).isZero();
    }

    @Test
    void a_limit_of_zero_allows_nothing() {
        assertThat(persistence.ai().usage().tryReserve(aUser(), DAY, 0)).isFalse();
    }

    @Test
    void racing_requests_never_take_more_than_the_limit() throws Exception {
        UserId ann = aUser();
        int racers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<Boolean> reserve = () -> {
                    start.await();
                    return persistence.ai().usage().tryReserve(ann, DAY, 5);
                };
                results.add(pool.submit(reserve));
            }
            start.countDown();
            int taken = 0;
            for (Future<Boolean> result : results) taken += result.get() ? 1 : 0;

            assertThat(taken).isEqualTo(5);
            assertThat(persistence.ai().usage().reserved(ann, DAY)).isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void calls_are_recorded_and_listed_newest_first_per_user() {
        UserId ann = aUser();
        UserId bob = aUser();
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        AiUsageRecord first = new AiUsageRecord(UUID.randomUUID(), ann, t0, AiOperation.RECOGNIZE,
                new AiUsage(AiProvider.OPENAI, "gpt-4o-mini", 1117, 46, Duration.ofMillis(950)), "ok");
        AiUsageRecord second = new AiUsageRecord(UUID.randomUUID(), ann, t0.plusSeconds(5), AiOperation.DESCRIBE,
                new AiUsage(AiProvider.GEMINI, "gemini-2.5-flash", 200, 0, Duration.ofMillis(30)), "rate_limited");
        persistence.ai().usage().record(first);
        persistence.ai().usage().record(second);
        persistence.ai().usage().record(new AiUsageRecord(UUID.randomUUID(), bob, t0, AiOperation.RECOGNIZE, first.usage(), "ok"));

        assertThat(persistence.ai().usage().recent(ann, 10)).containsExactly(second, first);
        assertThat(persistence.ai().usage().recent(ann, 1)).containsExactly(second);
    }
}
