package com.llatria.adapters.persistence.contract;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.NewChange;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Also the contract of {@code Transactions}: what a failed transaction wrote is gone. */
public abstract class ChangeLogContract extends PersistenceContract {
    private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");

    static NewChange change(ChangeKind kind) {
        return new NewChange(new ItemId(UUID.randomUUID()), kind, new DeviceId("phone"), NOW);
    }

    private long append(UserId user) {
        return persistence.transactions().inTransaction(() -> persistence.changeLog().append(user, change(ChangeKind.UPDATE)));
    }

    @Test
    void each_user_has_own_versions_starting_at_one() {
        UserId ann = aUser();
        UserId bob = aUser();

        assertThat(List.of(append(ann), append(ann), append(bob), append(ann))).containsExactly(1L, 2L, 1L, 3L);
    }

    @Test
    void since_returns_later_changes_oldest_first_a_page_at_a_time() {
        UserId ann = aUser();
        NewChange first = change(ChangeKind.CREATE);
        persistence.transactions().inTransaction(() -> persistence.changeLog().append(ann, first));
        for (int i = 0; i < 4; i++) append(ann);

        List<ChangeLogEntry> page = persistence.changeLog().since(ann, 1, 2);

        assertThat(page).extracting(ChangeLogEntry::version).containsExactly(2L, 3L);
        ChangeLogEntry entry = persistence.changeLog().since(ann, 0, 1).get(0);
        assertThat(entry).isEqualTo(new ChangeLogEntry(ann, 1, first.item(), ChangeKind.CREATE,
                new DeviceId("phone"), NOW));
        assertThat(persistence.changeLog().since(aUser(), 0, 10)).isEmpty();
    }

    @Test
    void a_failed_transaction_leaves_neither_its_change_nor_its_version() {
        UserId ann = aUser();
        append(ann);

        assertThatThrownBy(() -> persistence.transactions().inTransaction(() -> {
            persistence.changeLog().append(ann, change(ChangeKind.UPDATE));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(persistence.changeLog().since(ann, 0, 10)).hasSize(1);
        assertThat(append(ann)).isEqualTo(2);
    }

    @Test
    void concurrent_writers_get_distinct_gapless_increasing_versions() throws Exception {
        UserId ann = aUser();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Long>> writers = new ArrayList<>();
            for (int i = 0; i < 60; i++) writers.add(() -> append(ann));
            List<Long> versions = new ArrayList<>();
            for (Future<Long> f : pool.invokeAll(writers)) versions.add(f.get());

            assertThat(versions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
            assertThat(persistence.changeLog().since(ann, 0, 100)).extracting(ChangeLogEntry::version)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_lock_taken_before_reading_makes_a_second_writer_wait_until_the_first_commits() throws Exception {
        UserId ann = aUser();
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong firstCommitted = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> persistence.transactions().inTransaction(() -> {
                persistence.changeLog().lock(ann);
                locked.countDown();
                await(release);
                persistence.changeLog().append(ann, change(ChangeKind.UPDATE));
                firstCommitted.set(System.nanoTime());
                return null;
            }));
            locked.await();
            Future<Long> second = pool.submit(() -> persistence.transactions().inTransaction(() -> {
                persistence.changeLog().lock(ann);
                long at = System.nanoTime();
                persistence.changeLog().append(ann, change(ChangeKind.UPDATE));
                return at;
            }));
            Thread.sleep(200);
            assertThat(second.isDone()).as("the second writer waits for the first's lock").isFalse();
            release.countDown();
            first.get();
            assertThat(second.get()).isGreaterThan(firstCommitted.get());
            assertThat(persistence.changeLog().since(ann, 0, 10)).extracting(ChangeLogEntry::version).containsExactly(1L, 2L);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void after_commit_actions_run_once_committed_and_never_after_a_rollback() {
        UserId ann = aUser();
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        persistence.transactions().inTransaction(() -> {
            persistence.changeLog().append(ann, change(ChangeKind.UPDATE));
            persistence.transactions().inTransaction(() -> {
                persistence.transactions().afterCommit(() -> ran.add("inner"));
                return null;
            });
            persistence.transactions().afterCommit(() -> ran.add("outer"));
            assertThat(ran).as("nothing runs before the outermost commit").isEmpty();
            return null;
        });
        assertThat(ran).containsExactly("inner", "outer");

        assertThatThrownBy(() -> persistence.transactions().inTransaction(() -> {
            persistence.transactions().afterCommit(() -> ran.add("rolled back"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(ran).containsExactly("inner", "outer");
        assertThatThrownBy(() -> persistence.transactions().afterCommit(() -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
