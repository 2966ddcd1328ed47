package com.llatria.adapters.persistence.contract;

import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.CachedRecognition;
import com.llatria.domain.ai.PerceptualHash;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.RecognitionCache;
import com.llatria.domain.ai.RecognitionCache.SimilarRecognition;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The recognition cache's contract: in process and in Redis. Time to live is real time here, kept short. */
public abstract class RecognitionCacheContract {
    protected static final Duration DAY = Duration.ofHours(24);
    protected RecognitionCache cache;

    protected abstract RecognitionCache freshCache();

    @BeforeEach
    void setUpCache() {
        cache = freshCache();
    }

    protected static PhotoHash aKey() {
        return new PhotoHash(String.format("%064x", new java.math.BigInteger(1, UUID.randomUUID().toString().getBytes())).substring(0, 64));
    }

    protected static CachedRecognition aRecognition(String title) {
        return new CachedRecognition(AiDataRepositoryContract.aRecognition(title),
                new AiUsage(AiProvider.OPENAI, "gpt-4o-mini", 1117, 46, Duration.ofMillis(900)), Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void a_recognition_comes_back_whole_by_its_photos_hash() {
        PhotoHash key = aKey();
        CachedRecognition value = aRecognition("Canon AE-1");

        cache.put(key, value, DAY);

        assertThat(cache.find(key)).contains(value);
        assertThat(cache.find(aKey())).isEmpty();
    }

    @Test
    void one_claimant_at_a_time_fills_a_key_and_only_it_can_release_its_claim() {
        PhotoHash key = aKey();

        assertThat(cache.tryClaim(key, "a", DAY)).isTrue();
        assertThat(cache.tryClaim(key, "b", DAY)).isFalse();
        assertThat(cache.tryClaim(aKey(), "b", DAY)).as("another key is free").isTrue();
        cache.release(key, "b");
        assertThat(cache.tryClaim(key, "b", DAY)).as("b could not release a's claim").isFalse();
        cache.release(key, "a");
        assertThat(cache.tryClaim(key, "b", DAY)).isTrue();
    }

    @Test
    void a_claim_ends_with_its_lease() throws InterruptedException {
        PhotoHash key = aKey();
        assertThat(cache.tryClaim(key, "a", Duration.ofMillis(150))).isTrue();

        Thread.sleep(400);

        assertThat(cache.tryClaim(key, "b", DAY)).isTrue();
        cache.release(key, "a");
        assertThat(cache.tryClaim(key, "c", DAY)).as("a's late release did not free b's claim").isFalse();
    }

    @Test
    void racing_claimants_get_one_claim_between_them() throws Exception {
        PhotoHash key = aKey();
        int racers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(racers);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String claimant = "racer-" + i;
                claims.add(pool.submit(() -> {
                    start.await();
                    return cache.tryClaim(key, claimant, DAY);
                }));
            }
            int won = 0;
            for (java.util.concurrent.Future<Boolean> claim : claims) won += claim.get() ? 1 : 0;
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_entry_is_gone_after_its_time_to_live() throws InterruptedException {
        PhotoHash key = aKey();
        cache.put(key, aRecognition("Canon AE-1"), Duration.ofMillis(150));

        Thread.sleep(400);

        assertThat(cache.find(key)).isEmpty();
    }

    @Test
    void photos_that_look_alike_are_found_nearest_first_for_their_owner_only() {
        UserId ann = new UserId(UUID.randomUUID());
        UserId bob = new UserId(UUID.randomUUID());
        PerceptualHash look = new PerceptualHash(0x0F0F_0F0F_0F0F_0F0FL);
        PhotoHash near = aKey();
        PhotoHash nearer = aKey();
        PhotoHash far = aKey();
        cache.put(near, aRecognition("near"), DAY);
        cache.put(nearer, aRecognition("nearer"), DAY);
        cache.put(far, aRecognition("far"), DAY);
        cache.rememberLook(ann, new PerceptualHash(look.bits() ^ 0b1011L), near, DAY);          // 3 bits apart
        cache.rememberLook(ann, new PerceptualHash(look.bits() ^ (1L << 40)), nearer, DAY);    // 1 bit apart
        cache.rememberLook(ann, new PerceptualHash(~look.bits()), far, DAY);                     // 64 bits apart

        assertThat(cache.similar(ann, look, 4)).extracting(SimilarRecognition::key, SimilarRecognition::distance)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(nearer, 1), org.assertj.core.groups.Tuple.tuple(near, 3));
        assertThat(cache.similar(ann, look, 4).get(0).cached().recognition().title()).isEqualTo("nearer");
        assertThat(cache.similar(ann, look, 2)).extracting(SimilarRecognition::key).containsExactly(nearer);
        assertThat(cache.similar(bob, look, 4)).isEmpty();
    }

    @Test
    void a_look_whose_recognition_expired_is_not_offered() throws InterruptedException {
        UserId ann = new UserId(UUID.randomUUID());
        PhotoHash key = aKey();
        PerceptualHash look = new PerceptualHash(42);
        cache.put(key, aRecognition("gone soon"), Duration.ofMillis(150));
        cache.rememberLook(ann, look, key, DAY);

        Thread.sleep(400);

        assertThat(cache.similar(ann, look, 3)).isEmpty();
    }
}
