package com.llatria.domain.sync;

import com.llatria.domain.fixtures.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HybridLogicalClockTest {
    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    private final HybridLogicalClock hlc = new HybridLogicalClock(clock);
    private final DeviceId phone = new DeviceId("phone");

    @Test
    void readings_strictly_increase_even_when_the_wall_clock_stands_still_or_goes_back() {
        Hlc first = hlc.now();
        Hlc second = hlc.now();
        clock.advance(Duration.ofSeconds(-5));
        Hlc third = hlc.now();

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(second.counter()).isEqualTo(1);
    }

    @Test
    void a_stamp_within_the_allowed_skew_is_kept_but_does_not_drag_the_server_clock_ahead() {
        Hlc remote = new Hlc(clock.millis() + 30_000, 4, phone);

        assertThat(hlc.receive(remote)).isEqualTo(remote);
        // One tenant's device must not date every other tenant's writes half a minute ahead.
        assertThat(hlc.now().wallMillis()).isEqualTo(clock.millis());
        assertThat(hlc.nowAfter(remote)).isGreaterThan(remote);
    }

    @Test
    void a_huge_counter_never_overflows_the_clock() {
        Hlc remote = new Hlc(clock.millis() + 30_000, Integer.MAX_VALUE, phone);

        hlc.receive(remote);
        Hlc after = hlc.nowAfter(remote);

        assertThat(after).isGreaterThan(remote);
        assertThat(after.counter()).isZero();
        Hlc reading = hlc.now();
        for (int i = 0; i < Hlc.MAX_COUNTER + 5; i++) reading = hlc.now();
        assertThat(reading.counter()).isLessThanOrEqualTo(Hlc.MAX_COUNTER);
        assertThat(reading.wallMillis()).isEqualTo(clock.millis() + 1);
    }

    @Test
    void a_stamp_more_than_sixty_seconds_ahead_is_clamped_to_server_time() {
        Hlc fromTheFuture = new Hlc(clock.millis() + Duration.ofDays(1).toMillis(), 0, phone);

        Hlc stored = hlc.receive(fromTheFuture);

        assertThat(stored.wallMillis()).isEqualTo(clock.millis());
        assertThat(stored.device()).isEqualTo(phone);
        // The bad clock did not drag the server's clock into the future either.
        assertThat(hlc.now().wallMillis()).isEqualTo(clock.millis());
    }

    @Test
    void equal_physical_times_are_ordered_by_counter_then_device() {
        Hlc a = new Hlc(100, 0, new DeviceId("a"));
        Hlc b = new Hlc(100, 0, new DeviceId("b"));
        Hlc a1 = new Hlc(100, 1, new DeviceId("a"));

        assertThat(b).isGreaterThan(a);
        assertThat(a1).isGreaterThan(b);
    }

    @Test
    void the_text_form_round_trips_and_sorts_like_the_clock() {
        Hlc early = new Hlc(999, 12, new DeviceId("desk-1"));
        Hlc late = new Hlc(1_000, 0, new DeviceId("a"));

        assertThat(Hlc.decode(early.encode())).isEqualTo(early);
        assertThat(early.encode().compareTo(late.encode())).isNegative();
    }

    @Test
    void a_reading_after_a_stamp_is_later_than_it_and_later_readings_are_not_moved_by_it() {
        Hlc ahead = new Hlc(clock.millis() + 30_000, 7, new DeviceId("phone"));

        Hlc after = hlc.nowAfter(ahead);

        assertThat(after.isAfter(ahead)).isTrue();
        assertThat(after.device()).isEqualTo(DeviceId.SERVER);
        assertThat(hlc.now().wallMillis()).isEqualTo(clock.millis());
    }
}
