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

import static org.assertj.core.api.Assertions.assertThat;

public abstract class SyncDevicesContract extends PersistenceContract {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final DeviceId DESK = new DeviceId("desk");

    @Test
    void a_new_device_starts_at_zero_and_keeps_what_is_saved() {
        UserId ann = aUser();
        UserId bob = aUser();
        assertThat(persistence.syncDevices().find(ann, DESK)).isEmpty();

        DeviceSyncState fresh = persistence.transactions().inTransaction(() -> persistence.syncDevices().lock(ann, DESK, T0));
        persistence.transactions().inTransaction(() -> {
            persistence.syncDevices().save(fresh.applied(41, T0.plusSeconds(1)).pulled(17, T0.plusSeconds(1)));
            return null;
        });

        assertThat(fresh).isEqualTo(DeviceSyncState.fresh(ann, DESK, T0));
        assertThat(persistence.syncDevices().find(ann, DESK)).contains(new DeviceSyncState(ann, DESK, 41, 17, T0.plusSeconds(1)));
        assertThat(persistence.transactions().inTransaction(() -> persistence.syncDevices().lock(ann, DESK, T0.plusSeconds(5))))
                .isEqualTo(new DeviceSyncState(ann, DESK, 41, 17, T0.plusSeconds(1)));
        assertThat(persistence.syncDevices().find(bob, DESK)).isEmpty();
    }

    @Test
    void a_rolled_back_save_is_gone() {
        UserId ann = aUser();
        try {
            persistence.transactions().inTransaction(() -> {
                persistence.syncDevices().save(persistence.syncDevices().lock(ann, DESK, T0).applied(5, T0));
                throw new IllegalStateException("fail");
            });
        } catch (IllegalStateException expected) {
            // the point of the test
        }
        assertThat(persistence.syncDevices().find(ann, DESK)).isEmpty();
    }

    @Test
    void the_lock_makes_concurrent_read_modify_writes_of_one_device_take_turns() throws Exception {
        UserId ann = aUser();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                done.add(pool.submit(() -> persistence.transactions().inTransaction(() -> {
                    DeviceSyncState state = persistence.syncDevices().lock(ann, DESK, T0);
                    Thread.onSpinWait();
                    persistence.syncDevices().save(state.applied(state.lastMutationId() + 1, T0));
                    return null;
                })));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(persistence.syncDevices().find(ann, DESK).orElseThrow().lastMutationId()).isEqualTo(writers);
    }
}
