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
}
