package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.SyncFeedContract;
import com.llatria.adapters.persistence.testing.FreshPostgres;
import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.domain.fixtures.Items;
import com.llatria.domain.item.Item;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresSyncFeedTest extends SyncFeedContract {
    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();
    private HikariDataSource raced;

    @Override
    protected Persistence freshPersistence() {
        return db.persistence();
    }

    @AfterEach
    void closeRaced() {
        if (raced != null) raced.close();
    }

    @Test
    void a_tombstone_restored_while_the_purge_waits_for_its_row_is_not_purged() throws Exception {
        raced = TestPostgres.freshDatabase();
        Persistence pg = Persistence.postgres(raced);
        UserId ann = new UserId(java.util.UUID.randomUUID());
        pg.users().insert(new com.llatria.domain.user.User(ann, new com.llatria.domain.user.Email(ann.value() + "@example.com"),
                "$2a$10$hash", Instant.parse("2026-11-01T00:00:00Z")));
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        Item deleted = Items.anItem().ownedBy(ann).version(1).build().delete(new Hlc(1, 0, DeviceId.SERVER), t0, 2);
        pg.items().insert(deleted);
        Item restored = new Item(deleted.id(), ann, deleted.details(), deleted.lifecycle(), deleted.createdAt(), t0.plusSeconds(99),
                3, Optional.empty(), deleted.stamps());
        CountDownLatch restoring = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);

        // The restore holds the row, uncommitted, while the purge (whose snapshot still sees the tombstone) waits for it.
        CompletableFuture<Void> restore = CompletableFuture.runAsync(() -> pg.transactions().inTransaction(() -> {
            pg.items().update(restored);
            restoring.countDown();
            try {
                commit.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(restoring.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> purge = CompletableFuture.supplyAsync(() -> pg.syncFeed().purgeTombstones(t0.plusSeconds(50), 10));
        waitUntilSomeoneWaitsForALock();
        commit.countDown();
        restore.get(30, TimeUnit.SECONDS);

        assertThat(purge.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(pg.items().find(ann, deleted.id())).get().extracting(Item::deleted).isEqualTo(false);
        assertThat(pg.syncFeed().floor(ann)).isZero();
    }

    private void waitUntilSomeoneWaitsForALock() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection c = raced.getConnection(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
                    r.next();
                    if (r.getInt(1) > 0) return;
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the purge never waited for the restored row");
    }
}
