package com.llatria.application.ai;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderGateTest {
    @Test
    void calls_beyond_the_cap_are_turned_away_after_the_short_wait_and_permits_come_back() throws Exception {
        ProviderGate gate = new ProviderGate(1, Duration.ofMillis(50));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> gate.through(() -> {
            inside.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "slow";
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(gate.through(() -> "second")).isEmpty();

        release.countDown();
        slow.get(5, TimeUnit.SECONDS);
        assertThat(gate.through(() -> "third")).contains("third");
        assertThat(gate.available()).isEqualTo(1);
    }
}
