package com.llatria.adapters.persistence.contract;

import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class SyncDevicesContract extends PersistenceContract {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final DeviceId DESK = new DeviceId("desk");

    private boolean claim(UserId owner, long mutationId, Instant at) {
        return persistence.transactions().inTransaction(() -> persistence.syncDevices().claim(owner, DESK, mutationId, at));
    }

    @Test
    void a_new_device_starts_at_zero_and_a_claim_takes_only_a_newer_mutation_id() {
        UserId ann = aUser();
        UserId bob = aUser();
        assertThat(persistence.syncDevices().find(ann, DESK)).isEmpty();

        assertThat(claim(ann, 41, T0)).isTrue();
        assertThat(persistence.syncDevices().find(ann, DESK)).contains(new DeviceSyncState(ann, DESK, 41, 0, T0));
        assertThat(claim(ann, 41, T0.plusSeconds(1))).isFalse();
        assertThat(claim(ann, 7, T0.plusSeconds(1))).isFalse();
        assertThat(persistence.syncDevices().find(ann, DESK)).contains(new DeviceSyncState(ann, DESK, 41, 0, T0));
        assertThat(claim(ann, 45, T0.plusSeconds(2))).isTrue();
        assertThat(persistence.syncDevices().find(ann, DESK)).contains(new DeviceSyncState(ann, DESK, 45, 0, T0.plusSeconds(2)));
        assertThat(persistence.syncDevices().find(bob, DESK)).isEmpty();
    }

    @Test
    void a_pull_records_the_cursor_alone_and_creates_the_device_if_new() {
        UserId ann = aUser();
        persistence.syncDevices().pulled(ann, DESK, 12, T0);
        assertThat(persistence.syncDevices().find(ann, DESK)).contains(new DeviceSyncState(ann, DESK, 0, 12, T0));

        claim(ann, 41, T0.plusSeconds(1));
        persistence.syncDevices().pulled(ann, DESK, 30, T0.plusSeconds(2));

        assertThat(persistence.syncDevices().find(ann, DESK)).contains(new DeviceSyncState(ann, DESK, 41, 30, T0.plusSeconds(2)));
    }

    @Test
    void a_rolled_back_claim_is_gone() {
        UserId ann = aUser();
        claim(ann, 3, T0);
        try {
            persistence.transactions().inTransaction(() -> {
                assertThat(persistence.syncDevices().claim(ann, DESK, 5, T0.plusSeconds(1))).isTrue();
                throw new IllegalStateException("fail");
            });
        } catch (IllegalStateException expected) {
            // the point of the test
        }
        assertThat(persistence.syncDevices().find(ann, DESK)).contains(new DeviceSyncState(ann, DESK, 3, 0, T0));
        assertThat(claim(ann, 5, T0.plusSeconds(2))).isTrue();
    }

    @Test
    void concurrent_claims_of_one_mutation_id_let_exactly_one_through_and_the_lock_holds_to_the_end() throws Exception {
        UserId ann = aUser();
        int writers = 8;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlapped = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Boolean>> done = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                long id = 1 + i % 2; // two ids, each claimed by four writers
                done.add(pool.submit(() -> persistence.transactions().inTransaction(() -> {
                    boolean claimed = persistence.syncDevices().claim(ann, DESK, id, T0);
                    // Everyone, duplicate or not, holds the row until commit: nobody else may be in here.
                    if (inside.incrementAndGet() > 1) overlapped.incrementAndGet();
                    for (int spin = 0; spin < 10_000; spin++) Thread.onSpinWait();
                    inside.decrementAndGet();
                    return claimed;
                })));
            }
            int claimed = 0;
            for (Future<Boolean> f : done) claimed += f.get() ? 1 : 0;
            assertThat(claimed).isBetween(1, 2);
        } finally {
            pool.shutdown();
        }
        assertThat(overlapped.get()).isZero();
        assertThat(persistence.syncDevices().find(ann, DESK).orElseThrow().lastMutationId()).isEqualTo(2);
    }
}
