package com.llatria.bootstrap;

import com.llatria.application.UseCaseException;
import com.llatria.application.auth.Session;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.item.Item;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A started Llatria purges tombstones older than the retention by itself, so the 409 reset-required path is real. */
class TombstonePurgeScheduleTest {
    private static final DeviceId WEB = new DeviceId("web");
    private static final ItemInput LAMP = new ItemInput("Lamp", null, new MoneyInput(new BigDecimal("12"), null),
            null, null, null, null, null);

    @Test
    void tombstones_past_the_retention_are_purged_on_schedule_and_an_older_cursor_must_reset() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
        try (Llatria llatria = Llatria.builder().inMemory().jwtSecret(ServerFixture.SECRET).clock(clock)
                .tombstoneRetention(Duration.ofDays(30)).tombstonePurgeEvery(Duration.ofMillis(50)).build().start()) {
            Session session = llatria.authentication().register("purge@example.com", "correct horse");
            UserId ann = session.user().id();
            Item old = llatria.inventory().create(ann, WEB, Optional.empty(), LAMP).view().item();
            llatria.inventory().delete(ann, WEB, old.id());
            clock.advance(Duration.ofDays(20));
            Item recent = llatria.inventory().create(ann, WEB, Optional.empty(), LAMP).view().item();
            llatria.inventory().delete(ann, WEB, recent.id());

            clock.advance(Duration.ofDays(11));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (llatria.persistence().syncFeed().floor(ann) == 0 && System.nanoTime() < deadline) Thread.sleep(20);

            assertThat(llatria.persistence().syncFeed().floor(ann)).as("the purge ran and raised the floor").isEqualTo(2);
            assertThat(llatria.persistence().items().find(ann, old.id())).isEmpty();
            assertThat(llatria.persistence().items().find(ann, recent.id())).get().extracting(Item::deleted).isEqualTo(true);
            assertThatThrownBy(() -> llatria.syncPull().pull(ann, new DeviceId("phone"), 1, 1, 10))
                    .isInstanceOf(UseCaseException.class).extracting(e -> ((UseCaseException) e).type()).isEqualTo("reset-required");
            assertThat(llatria.syncPull().pull(ann, new DeviceId("phone"), 1, 2, 10).changes())
                    .extracting(v -> v.item().id()).containsExactly(recent.id());
        }
    }
}
