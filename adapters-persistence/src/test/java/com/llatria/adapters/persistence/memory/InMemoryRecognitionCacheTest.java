package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.contract.RecognitionCacheContract;
import com.llatria.domain.ai.RecognitionCache;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRecognitionCacheTest extends RecognitionCacheContract {
    @Override
    protected RecognitionCache freshCache() {
        return new InMemoryRecognitionCache(Clock.systemUTC(), 100);
    }

    @Test
    void a_full_cache_makes_room_instead_of_growing() {
        InMemoryRecognitionCache small = new InMemoryRecognitionCache(Clock.systemUTC(), 10);
        var keys = new java.util.ArrayList<com.llatria.domain.ai.PhotoHash>();
        for (int i = 0; i < 25; i++) {
            var key = aKey();
            keys.add(key);
            small.put(key, aRecognition("item " + i), DAY);
        }

        long kept = keys.stream().filter(k -> small.find(k).isPresent()).count();
        assertThat(kept).isLessThanOrEqualTo(10).isPositive();
        assertThat(small.find(keys.get(24))).isPresent();
    }

    @Test
    void another_sellers_flood_of_looks_pushes_out_only_their_own_and_my_lookup_reads_only_mine() {
        java.time.Instant start = java.time.Instant.parse("2026-11-25T10:00:00Z");
        java.util.concurrent.atomic.AtomicLong tick = new java.util.concurrent.atomic.AtomicLong();
        Clock ticking = new Clock() {
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public java.time.Instant instant() {
                return start.plusMillis(tick.incrementAndGet());
            }
        };
        InMemoryRecognitionCache small = new InMemoryRecognitionCache(ticking, 50);
        com.llatria.domain.user.UserId me = new com.llatria.domain.user.UserId(java.util.UUID.randomUUID());
        com.llatria.domain.user.UserId flooder = new com.llatria.domain.user.UserId(java.util.UUID.randomUUID());
        com.llatria.domain.ai.PerceptualHash look = new com.llatria.domain.ai.PerceptualHash(0x0F0F_0F0F_0F0F_0F0FL);
        var mine = aKey();
        small.put(mine, aRecognition("mine"), DAY);
        small.rememberLook(me, look, mine, DAY);

        for (int i = 0; i < 500; i++) {
            var theirs = aKey();
            if (i % 20 == 0) small.put(theirs, aRecognition("theirs " + i), DAY);
            small.rememberLook(flooder, look, theirs, DAY);
        }

        assertThat(small.similar(me, look, 6)).extracting(s -> s.key()).containsExactly(mine);
        assertThat(small.similar(flooder, look, 6)).isNotEmpty().noneMatch(s -> s.key().equals(mine));
    }
}
