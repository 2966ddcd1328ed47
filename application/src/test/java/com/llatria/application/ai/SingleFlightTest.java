package com.llatria.application.ai;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SingleFlightTest {
    private final SingleFlight<String, String> flight = new SingleFlight<>();

    @Test
    void concurrent_calls_for_one_key_run_the_work_once_and_all_get_its_result() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SingleFlight.Shared<String>>> results = new ArrayList<>();
            results.add(pool.submit(() -> flight.run("k", () -> {
                runs.incrementAndGet();
                started.countDown();
                await(release);
                return "answer";
            })));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 7; i++) results.add(pool.submit(() -> flight.run("k", () -> {
                runs.incrementAndGet();
                return "second run";
            })));
            Thread.sleep(100); // let the followers reach the shared future
            release.countDown();

            long leaders = 0;
            for (var result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS).value()).isEqualTo("answer");
                if (result.get().leader()) leaders++;
            }
            assertThat(runs).hasValue(1);
            assertThat(leaders).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_failure_is_shared_too_and_the_key_is_free_again_afterwards() {
        assertThatThrownBy(() -> flight.run("k", () -> {
            throw new IllegalStateException("provider down");
        })).hasMessage("provider down");

        assertThat(flight.run("k", () -> "fresh").value()).isEqualTo("fresh");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
