package com.llatria.adapters.persistence.contract;

import com.llatria.domain.port.IdempotencyRecords;
import com.llatria.domain.port.IdempotencyRecords.Claim;
import com.llatria.domain.port.IdempotencyRecords.ClaimToken;
import com.llatria.domain.port.IdempotencyRecords.Held;
import com.llatria.domain.port.IdempotencyRecords.Key;
import com.llatria.domain.port.IdempotencyRecords.StoredResponse;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class IdempotencyRecordsContract extends PersistenceContract {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration KEPT = Duration.ofHours(24);
    private static final StoredResponse CREATED = new StoredResponse(201,
            Map.of("Content-Type", "application/json", "Location", "/api/inventory/1", "ETag", "\"v1\""),
            "{\"id\":1}".getBytes(StandardCharsets.UTF_8));

    private IdempotencyRecords records() {
        return persistence.idempotency();
    }

    private static ClaimToken aToken() {
        return new ClaimToken(UUID.randomUUID());
    }

    private Claim claim(Key key, String fingerprint, ClaimToken token, Instant at) {
        return records().claim(key, fingerprint, token, at, at.plus(LEASE), at.minus(KEPT));
    }

    @Test
    void the_first_request_claims_the_key_and_the_same_one_later_gets_its_stored_answer() {
        Key key = new Key(aUser(), "k1");
        ClaimToken first = aToken();
        assertThat(claim(key, "fp", first, NOW)).isEqualTo(new Claim.Claimed());
        assertThat(claim(key, "fp", aToken(), NOW.plusSeconds(1))).isEqualTo(new Claim.InProgress(NOW.plus(LEASE)));

        assertThat(records().complete(key, first, CREATED)).isTrue();

        assertThat(claim(key, "fp", aToken(), NOW.plusSeconds(2))).isEqualTo(new Claim.Completed(CREATED));
        // a completed answer is never replaced by a late completion
        assertThat(records().complete(key, first, new StoredResponse(200, Map.of(), new byte[0]))).isFalse();
        assertThat(claim(key, "fp", aToken(), NOW.plusSeconds(3))).isEqualTo(new Claim.Completed(CREATED));
    }

    @Test
    void the_same_key_for_another_request_is_a_mismatch_whether_running_or_done() {
        Key key = new Key(aUser(), "k1");
        ClaimToken first = aToken();
        claim(key, "fp", first, NOW);
        assertThat(claim(key, "other", aToken(), NOW)).isEqualTo(new Claim.Mismatch());
        records().complete(key, first, CREATED);
        assertThat(claim(key, "other", aToken(), NOW)).isEqualTo(new Claim.Mismatch());
    }

    @Test
    void another_users_identical_key_is_independent() {
        Key ann = new Key(aUser(), "same");
        Key bob = new Key(aUser(), "same");
        ClaimToken annToken = aToken();
        claim(ann, "fp", annToken, NOW);
        records().complete(ann, annToken, CREATED);

        assertThat(claim(bob, "other", aToken(), NOW)).isEqualTo(new Claim.Claimed());
    }

    @Test
    void an_abandoned_claim_can_be_taken_over_after_its_lease_and_the_old_holder_can_no_longer_answer() {
        Key key = new Key(aUser(), "k1");
        ClaimToken dead = aToken();
        claim(key, "fp", dead, NOW);
        assertThat(claim(key, "fp", aToken(), NOW.plus(LEASE).minusSeconds(1))).isEqualTo(new Claim.InProgress(NOW.plus(LEASE)));
        // another request may not take the key over, even then
        assertThat(claim(key, "other", aToken(), NOW.plus(LEASE).plusSeconds(1))).isEqualTo(new Claim.Mismatch());

        ClaimToken retry = aToken();
        assertThat(claim(key, "fp", retry, NOW.plus(LEASE).plusSeconds(1))).isEqualTo(new Claim.Claimed());
        assertThat(records().complete(key, dead, CREATED)).isFalse();
        assertThat(records().complete(key, retry, CREATED)).isTrue();
    }

    @Test
    void a_released_key_runs_again_but_only_its_holder_releases_it() {
        Key key = new Key(aUser(), "k1");
        ClaimToken holder = aToken();
        claim(key, "fp", holder, NOW);
        records().release(key, aToken());
        assertThat(claim(key, "fp", aToken(), NOW)).isEqualTo(new Claim.InProgress(NOW.plus(LEASE)));

        records().release(key, holder);
        assertThat(claim(key, "fp", aToken(), NOW)).isEqualTo(new Claim.Claimed());
    }

    @Test
    void a_renewed_claim_is_held_past_its_first_lease_and_only_its_holder_renews_it() {
        Key key = new Key(aUser(), "k1");
        ClaimToken holder = aToken();
        claim(key, "fp", holder, NOW);
        Key other = new Key(key.user(), "k2");
        ClaimToken otherHolder = aToken();
        claim(other, "fp", otherHolder, NOW);
        records().complete(other, otherHolder, CREATED);

        Instant renewedUntil = NOW.plus(LEASE).plus(LEASE);
        // a stranger's token renews nothing, nor does renewing an answered claim
        assertThat(records().renew(List.of(new Held(key, aToken()), new Held(other, otherHolder)), renewedUntil)).isEmpty();
        assertThat(records().renew(List.of(new Held(key, holder)), renewedUntil)).containsExactly(holder);

        Instant afterFirstLease = NOW.plus(LEASE).plusSeconds(1);
        assertThat(claim(key, "fp", aToken(), afterFirstLease)).isEqualTo(new Claim.InProgress(renewedUntil));
        assertThat(claim(other, "fp", aToken(), afterFirstLease)).isEqualTo(new Claim.Completed(CREATED));
        assertThat(records().complete(key, holder, CREATED)).isTrue();
        assertThat(records().renew(List.of(new Held(key, holder)), renewedUntil.plus(LEASE))).isEmpty();
        assertThat(records().renew(List.of(), renewedUntil)).isEmpty();
    }

    @Test
    void trimming_drops_a_users_oldest_answers_beyond_the_count_or_the_bytes_and_never_a_running_claim() {
        UserId ann = aUser();
        UserId bob = aUser();
        StoredResponse tenBytes = new StoredResponse(200, Map.of(), "0123456789".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            Key key = new Key(ann, "k" + i);
            ClaimToken token = aToken();
            claim(key, "fp", token, NOW.plusSeconds(i));
            records().complete(key, token, tenBytes);
        }
        Key bobs = new Key(bob, "k0");
        ClaimToken bobToken = aToken();
        claim(bobs, "fp", bobToken, NOW);
        records().complete(bobs, bobToken, tenBytes);
        Key running = new Key(ann, "running");
        claim(running, "fp", aToken(), NOW.minusSeconds(60));

        assertThat(records().trim(ann, 3, 1_000)).isEqualTo(2);
        Instant later = NOW.plusSeconds(10);
        assertThat(claim(new Key(ann, "k0"), "fp", aToken(), later)).isEqualTo(new Claim.Claimed());
        assertThat(claim(new Key(ann, "k1"), "fp", aToken(), later)).isEqualTo(new Claim.Claimed());
        assertThat(claim(new Key(ann, "k2"), "fp", aToken(), later)).isEqualTo(new Claim.Completed(tenBytes));
        assertThat(claim(running, "fp", aToken(), later)).isInstanceOf(Claim.InProgress.class);

        // k0 and k1 now run again (claims, not answers): by bytes, 25 keep the newest two of k2-k4
        assertThat(records().trim(ann, 100, 25)).isEqualTo(1);
        assertThat(claim(new Key(ann, "k2"), "fp", aToken(), later)).isEqualTo(new Claim.Claimed());
        assertThat(claim(new Key(ann, "k4"), "fp", aToken(), later)).isEqualTo(new Claim.Completed(tenBytes));
        assertThat(claim(bobs, "fp", aToken(), later)).as("another user's untouched").isEqualTo(new Claim.Completed(tenBytes));
    }

    @Test
    void records_expire_after_a_day_and_are_purged() {
        Key key = new Key(aUser(), "k1");
        ClaimToken token = aToken();
        claim(key, "fp", token, NOW);
        records().complete(key, token, CREATED);
        Key recent = new Key(key.user(), "k2");
        ClaimToken recentToken = aToken();
        claim(recent, "fp", recentToken, NOW.plus(Duration.ofHours(20)));
        records().complete(recent, recentToken, CREATED);

        // past a day the key is free again, for any request
        Instant later = NOW.plus(KEPT).plusSeconds(1);
        assertThat(records().purgeCreatedBefore(later.minus(KEPT))).isEqualTo(1);
        assertThat(claim(key, "other", aToken(), later)).isEqualTo(new Claim.Claimed());
        assertThat(claim(recent, "fp", aToken(), later)).isEqualTo(new Claim.Completed(CREATED));
    }

    @Test
    void an_expired_record_not_yet_purged_does_not_hold_the_key() {
        Key key = new Key(aUser(), "k1");
        ClaimToken token = aToken();
        claim(key, "fp", token, NOW);
        records().complete(key, token, CREATED);

        assertThat(claim(key, "other", aToken(), NOW.plus(KEPT).plusSeconds(1))).isEqualTo(new Claim.Claimed());
    }

    @Test
    void of_twenty_racing_claims_exactly_one_wins() throws Exception {
        Key key = new Key(aUser(), "race");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Claim>> attempts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                attempts.add(() -> {
                    start.await();
                    return claim(key, "fp", aToken(), NOW);
                });
            }
            List<Future<Claim>> futures = new ArrayList<>();
            for (Callable<Claim> attempt : attempts) futures.add(pool.submit(attempt));
            start.countDown();
            int claimed = 0;
            int running = 0;
            for (Future<Claim> f : futures) {
                Claim c = f.get();
                if (c instanceof Claim.Claimed) claimed++;
                if (c instanceof Claim.InProgress) running++;
            }
            assertThat(claimed).isEqualTo(1);
            assertThat(running).isEqualTo(19);
        } finally {
            pool.shutdownNow();
        }
    }
}
