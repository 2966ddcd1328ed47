package com.llatria.adapters.persistence.contract;

import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import com.llatria.domain.user.UserName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class UserRepositoryContract extends PersistenceContract {
    private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");
    private static final int RACERS = 8;

    private User user(String email) {
        return new User(new UserId(UUID.randomUUID()), new Email(email), "$2a$10$abc", NOW);
    }

    @Test
    void a_stored_user_is_found_by_id_and_by_email() {
        User ann = user("ann@example.com");
        assertThat(persistence.users().insert(ann)).isTrue();

        assertThat(persistence.users().find(ann.id())).contains(ann);
        assertThat(persistence.users().findByEmail(new Email("ANN@example.com"))).contains(ann);
        assertThat(persistence.users().find(new UserId(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void every_field_of_a_user_survives_the_round_trip() {
        User ann = new User(new UserId(UUID.randomUUID()), new Email("ann@example.com"), Optional.of(new UserName("Ann Ö'Neil 🙂")),
                "$2a$10$abc", NOW, NOW.plusSeconds(5), Optional.of(NOW.plusSeconds(3)), false, 4);
        persistence.users().insert(ann);

        assertThat(persistence.users().find(ann.id())).contains(ann);
        assertThat(persistence.users().lock(ann.id())).contains(ann);
    }

    @Test
    void a_second_user_with_the_same_email_in_any_case_is_refused() {
        persistence.users().insert(user("ann@example.com"));
        User impostor = user("Ann@Example.com");

        assertThat(persistence.users().insert(impostor)).isFalse();
        assertThat(persistence.users().find(impostor.id())).isEmpty();
    }

    @Test
    void an_update_stores_name_password_times_activity_and_session_epoch_but_never_the_email_or_creation_time() {
        User ann = user("ann@example.com");
        persistence.users().insert(ann);
        User changed = new User(ann.id(), new Email("other@example.com"), Optional.of(new UserName("Ann")), "$2a$10$new",
                NOW.minusSeconds(60), NOW.plusSeconds(10), Optional.of(NOW.plusSeconds(9)), false, 7);

        persistence.users().update(changed);

        assertThat(persistence.users().find(ann.id())).contains(new User(ann.id(), ann.email(), Optional.of(new UserName("Ann")),
                "$2a$10$new", NOW, NOW.plusSeconds(10), Optional.of(NOW.plusSeconds(9)), false, 7));
        persistence.users().update(changed.renamed(Optional.empty(), NOW.plusSeconds(11)));
        assertThat(persistence.users().find(ann.id()).orElseThrow().name()).isEmpty();
    }

    @Test
    void locking_an_unknown_user_finds_nothing() {
        assertThat(persistence.transactions().inTransaction(() -> persistence.users().lock(new UserId(UUID.randomUUID())))).isEmpty();
    }

    @Test
    void racing_read_modify_writes_under_lock_lose_nothing() throws Exception {
        User ann = user("ann@example.com");
        persistence.users().insert(ann);
        Instant at = NOW.plusSeconds(60);

        // Each racer renames Ann at the same clock reading; each rename moves updatedAt one microsecond
        // past the stored one. Only if every racer read what the previous one wrote does it end RACERS-1 µs on.
        List<Callable<Void>> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            String name = "Ann " + i;
            racers.add(() -> persistence.transactions().inTransaction(() -> {
                User current = persistence.users().lock(ann.id()).orElseThrow();
                persistence.users().update(current.renamed(Optional.of(new UserName(name)), at));
                return null;
            }));
        }
        runTogether(racers);

        User stored = persistence.users().find(ann.id()).orElseThrow();
        assertThat(stored.updatedAt()).isEqualTo(at.plus(RACERS - 1, ChronoUnit.MICROS));
        assertThat(stored.name().orElseThrow().value()).startsWith("Ann ");
    }

    @Test
    void of_racing_registrations_of_one_email_exactly_one_is_stored() throws Exception {
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            User candidate = user("Race@example.com");
            racers.add(() -> persistence.transactions().inTransaction(() -> persistence.users().insert(candidate)));
        }

        List<Boolean> stored = runTogether(racers);

        assertThat(stored).containsOnlyOnce(true);
        assertThat(persistence.users().findByEmail(new Email("race@example.com"))).isPresent();
    }

    /** Starts every callable at once on its own thread and waits for all of them. */
    private static <T> List<T> runTogether(List<Callable<T>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(work.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> w : work) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return w.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) results.add(f.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
