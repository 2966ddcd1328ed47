package com.llatria.application.sync;

import com.llatria.adapters.persistence.testing.FreshPostgres;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers commit in parallel on real PostgreSQL while a reader pulls all the time: the reader
 * must end up with every version exactly once, in order. (A cursor taken from a sequence or a
 * timestamp fails this: a version that commits after a higher one is skipped.)
 */
class PullOrderingTest {
    private static final int WRITERS = 4;
    private static final int WRITES_EACH = 30;

    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();

    @Test
    void a_reader_pulling_while_writers_commit_in_parallel_sees_every_version_exactly_once() throws Exception {
        SyncSystem sync = new SyncSystem(db.persistence(), MutableClock.at("2026-11-25T10:00:00Z"));
        UserId owner = sync.user();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                DeviceId device = new DeviceId("writer-" + w);
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < WRITES_EACH; i++) {
                        // Each write a new item: every version stays the newest state of its entity, so none may be missing.
                        sync.inventory.create(owner, device, Optional.empty(), new ItemInput("Item " + device + " " + i, null,
                                new MoneyInput(new BigDecimal("1.00"), null), null, null, null, null, null));
                    }
                    return null;
                }));
            }
            Future<List<Long>> reader = pool.submit(() -> {
                List<Long> seen = new ArrayList<>();
                long cursor = 0;
                start.await();
                boolean last = false;
                while (true) {
                    boolean finalRound = !writing.get();
                    SyncPull.Page page = sync.pull.pull(owner, new DeviceId("reader"), 1, cursor, 7);
                    for (ItemView view : page.changes()) seen.add(view.item().version());
                    cursor = page.cursor();
                    if (page.changes().isEmpty()) Thread.sleep(2);
                    if (finalRound && !page.hasMore()) {
                        if (last) return seen;
                        last = true;
                    }
                }
            });
            start.countDown();
            for (Future<?> writer : writers) writer.get();
            writing.set(false);
            List<Long> seen = reader.get();

            assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, WRITERS * WRITES_EACH).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }
}
