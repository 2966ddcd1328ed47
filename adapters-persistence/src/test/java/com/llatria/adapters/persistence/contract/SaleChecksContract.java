package com.llatria.adapters.persistence.contract;

import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformCredential;
import com.llatria.domain.posting.PlatformSale;
import com.llatria.domain.posting.SaleCheck;
import com.llatria.domain.posting.SealedSecret;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class SaleChecksContract extends PersistenceContract {
    static final Instant T = Instant.parse("2026-11-26T10:00:00.123456Z");

    UserId connected(Platform platform) {
        UserId owner = aUser();
        persistence.credentials().save(PlatformCredential.settingsOnly(owner, platform, Map.of(), T)
                .connected(Optional.of("ann"), List.of("s"), new SealedSecret("k1", "c2VhbGVk"), T.plusSeconds(7200),
                        Optional.empty(), Optional.empty(), T));
        return owner;
    }

    @Test
    void a_watched_account_is_due_at_once_then_at_the_time_its_check_set_and_a_rewatch_keeps_its_place() {
        UserId ann = connected(Platform.EBAY);
        persistence.saleChecks().watch(ann, Platform.EBAY, T);

        List<SaleCheck> first = persistence.saleChecks().claim("a", T, T.plusSeconds(60), 10);
        assertThat(first).containsExactly(new SaleCheck(ann, Platform.EBAY, T, T, Optional.empty()));
        assertThat(persistence.saleChecks().claim("b", T, T.plusSeconds(60), 10)).as("leased").isEmpty();

        SaleCheck done = first.get(0).checked(T.plusSeconds(5), T.plusSeconds(120));
        assertThat(persistence.saleChecks().finish(done, "a", T)).isTrue();
        assertThat(persistence.saleChecks().find(ann, Platform.EBAY)).contains(done);
        persistence.saleChecks().watch(ann, Platform.EBAY, T.plusSeconds(100));
        assertThat(persistence.saleChecks().find(ann, Platform.EBAY)).as("a reconnection keeps the place").contains(done);

        assertThat(persistence.saleChecks().claim("b", T.plusSeconds(119), T.plusSeconds(180), 10)).isEmpty();
        assertThat(persistence.saleChecks().claim("b", T.plusSeconds(120), T.plusSeconds(180), 10)).containsExactly(done);
    }

    @Test
    void a_worker_whose_lease_ran_out_and_was_taken_cannot_finish() {
        UserId ann = connected(Platform.EBAY);
        persistence.saleChecks().watch(ann, Platform.EBAY, T);
        SaleCheck mine = persistence.saleChecks().claim("slow", T, T.plusSeconds(60), 10).get(0);
        SaleCheck theirs = persistence.saleChecks().claim("fast", T.plusSeconds(61), T.plusSeconds(120), 10).get(0);

        assertThat(persistence.saleChecks().finish(mine.failed("late", T.plusSeconds(999)), "slow", T)).isFalse();
        assertThat(persistence.saleChecks().finish(theirs.failed("eBay is down", T.plusSeconds(90)), "fast", T)).isTrue();
        assertThat(persistence.saleChecks().find(ann, Platform.EBAY).orElseThrow().problem()).contains("eBay is down");
    }

    @Test
    void accounts_that_are_not_connected_are_not_checked() {
        UserId ann = connected(Platform.EBAY);
        persistence.saleChecks().watch(ann, Platform.EBAY, T);
        PlatformCredential c = persistence.credentials().find(ann, Platform.EBAY).orElseThrow();
        persistence.credentials().save(c.needsReconnection("revoked", T));
        assertThat(persistence.saleChecks().claim("a", T, T.plusSeconds(60), 10)).isEmpty();

        persistence.credentials().save(c.disconnected(T));
        assertThat(persistence.saleChecks().claim("a", T, T.plusSeconds(60), 10)).isEmpty();
        persistence.credentials().save(c);
        assertThat(persistence.saleChecks().claim("a", T, T.plusSeconds(60), 10)).hasSize(1);
    }

    @Test
    void claimers_racing_get_each_account_once() throws Exception {
        List<UserId> owners = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UserId owner = connected(Platform.EBAY);
            persistence.saleChecks().watch(owner, Platform.EBAY, T);
            owners.add(owner);
        }
        int claimers = 4;
        CyclicBarrier together = new CyclicBarrier(claimers);
        ExecutorService threads = Executors.newFixedThreadPool(claimers);
        try {
            List<Future<List<SaleCheck>>> claims = new ArrayList<>();
            for (int i = 0; i < claimers; i++) {
                String worker = "w" + i;
                claims.add(threads.submit(() -> {
                    together.await();
                    return persistence.saleChecks().claim(worker, T, T.plusSeconds(60), 5);
                }));
            }
            List<UserId> claimed = new ArrayList<>();
            for (Future<List<SaleCheck>> f : claims) f.get().forEach(c -> claimed.add(c.owner()));
            assertThat(claimed).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(owners.size());
            assertThat(claimed.size() + persistence.saleChecks().claim("late", T, T.plusSeconds(60), 20).size())
                    .isEqualTo(owners.size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void an_order_line_is_seen_first_once_per_account_and_forgotten_once_older_than_the_platform_shows() {
        UserId ann = connected(Platform.EBAY);
        UserId bob = connected(Platform.EBAY);
        persistence.saleChecks().watch(ann, Platform.EBAY, T);
        PlatformSale line1 = new PlatformSale("12-34567-89012", "10001", "LL-x", T, Optional.empty());
        PlatformSale line2 = new PlatformSale("12-34567-89012", "10002", "LL-y", T.plusSeconds(1), Optional.empty());
        String huge = "9".repeat(3000) + "\u0000";
        PlatformSale odd = new PlatformSale(huge, huge, "LL-z", T, Optional.empty());

        assertThat(persistence.saleChecks().firstSight(ann, Platform.EBAY, line1)).isTrue();
        assertThat(persistence.saleChecks().firstSight(ann, Platform.EBAY, line1)).as("shown again").isFalse();
        assertThat(persistence.saleChecks().firstSight(ann, Platform.EBAY, line2)).as("another line of the order").isTrue();
        assertThat(persistence.saleChecks().firstSight(bob, Platform.EBAY, line1)).as("another account").isTrue();
        assertThat(persistence.saleChecks().firstSight(ann, Platform.EBAY, odd)).as("an id no column holds").isTrue();
        assertThat(persistence.saleChecks().firstSight(ann, Platform.EBAY, odd)).isFalse();

        SaleCheck check = persistence.saleChecks().claim("a", T, T.plusSeconds(60), 10).get(0);
        assertThat(persistence.saleChecks().finish(check.checked(T, T.plusSeconds(60)), "a", T.plusMillis(500))).isTrue();
        assertThat(persistence.saleChecks().firstSight(ann, Platform.EBAY, line1)).as("forgotten").isTrue();
        assertThat(persistence.saleChecks().firstSight(ann, Platform.EBAY, line2)).as("kept").isFalse();
        assertThat(persistence.saleChecks().firstSight(bob, Platform.EBAY, line1)).as("only the finished account's").isFalse();
    }

    @Test
    void two_checks_racing_over_one_order_line_see_it_first_once() throws Exception {
        UserId ann = connected(Platform.EBAY);
        PlatformSale line = new PlatformSale("12-34567-89012", "10001", "LL-x", T, Optional.empty());
        CyclicBarrier together = new CyclicBarrier(4);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> sights = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sights.add(threads.submit(() -> {
                    together.await();
                    return persistence.saleChecks().firstSight(ann, Platform.EBAY, line);
                }));
            }
            int first = 0;
            for (Future<Boolean> f : sights) first += f.get() ? 1 : 0;
            assertThat(first).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }
}
