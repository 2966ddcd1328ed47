package com.llatria.application.sync;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.testing.FreshPostgres;
import com.llatria.domain.fixtures.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Convergence, exactly-once and no silent loss, over many seeded histories (see {@link SyncSimulation}).
 * {@code -Dsync.simulation.seeds=N} sets how many in memory (default 2000), {@code .pgSeeds} how
 * many on PostgreSQL (default 15), {@code -Dsync.simulation.seed=S} replays one seed on both.
 */
class SyncSimulationTest {
    private static final int STEPS = 60;

    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();

    private static List<Long> seeds(String property, int defaultCount, long base) {
        String one = System.getProperty("sync.simulation.seed");
        if (one != null) return List.of(Long.parseLong(one));
        int count = Integer.getInteger(property, defaultCount);
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < count; i++) seeds.add(base + i);
        return seeds;
    }

    private static void runAll(List<Long> seeds, java.util.function.Supplier<SyncSystem> systems) {
        List<String> failures = new ArrayList<>();
        for (long seed : seeds) {
            SyncSimulation simulation = new SyncSimulation(systems.get(), seed);
            List<String> problems;
            try {
                problems = simulation.run(STEPS);
            } catch (RuntimeException | AssertionError e) {
                problems = List.of("threw " + e);
            }
            if (!problems.isEmpty()) failures.add(simulation.describe() + ": " + problems.get(0) + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : ""));
        }
        assertThat(failures).as("%d of %d seeds failed", failures.size(), seeds.size()).isEmpty();
    }

    @Test
    void devices_converge_apply_nothing_twice_and_lose_nothing_silently_in_memory() {
        runAll(seeds("sync.simulation.seeds", 2000, 1_000), SyncSystem::inMemory);
    }

    /** Finding 7.9: concurrent status changes end the same in every arrival order (see {@link StatusRace}). */
    @Test
    void concurrent_status_changes_end_the_same_in_every_arrival_order() {
        List<String> failures = new ArrayList<>();
        List<Long> seeds = seeds("sync.simulation.statusSeeds", 300, 40_000);
        for (long seed : seeds) failures.addAll(new StatusRace(seed).run(SyncSystem::inMemory));
        Persistence persistence = db.persistence();
        for (long seed : seeds.subList(0, Math.min(seeds.size(), 10))) {
            failures.addAll(new StatusRace(seed).run(() -> new SyncSystem(persistence, MutableClock.at("2026-11-25T10:00:00Z"))));
        }
        assertThat(failures).as("%d problems over %d seeds", failures.size(), seeds.size()).isEmpty();
    }

    @Test
    void the_same_holds_on_postgresql() {
        Persistence persistence = db.persistence();
        runAll(seeds("sync.simulation.pgSeeds", 15, 9_000),
                () -> new SyncSystem(persistence, MutableClock.at("2026-11-25T10:00:00Z")));
    }
}
