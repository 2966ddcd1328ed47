package com.llatria.adapters.persistence.memory;

import com.llatria.adapters.persistence.contract.RateLimitsContract;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.port.RateLimits;
import com.llatria.domain.port.RateLimits.Client;
import com.llatria.domain.port.RateLimits.Quota;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRateLimitsTest extends RateLimitsContract {
    @Override
    protected RateLimits freshLimits(MutableClock clock) {
        return new InMemoryRateLimits(clock, 10_000);
    }

    @Test
    void a_client_rotating_addresses_cannot_grow_memory_past_the_bound() {
        InMemoryRateLimits bounded = new InMemoryRateLimits(clock, 1_000);
        for (int i = 0; i < 50_000; i++) bounded.take(Client.address("203.0." + (i >> 8) + "." + (i & 255)), Quota.perMinute(100));

        assertThat(bounded.size()).isLessThanOrEqualTo(1_000);
    }
}
