package com.llatria.adapters.persistence.contract;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.EventBus;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.SessionsEnded;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link EventBus} does for the listeners of the instance that publishes. */
public abstract class EventBusContract {
    protected EventBus bus;

    protected abstract EventBus freshBus();

    protected void closeBus() {
    }

    @BeforeEach
    void open() {
        bus = freshBus();
    }

    @AfterEach
    void close() {
        closeBus();
    }

    public static ChangeLogEntry change(long version) {
        return new ChangeLogEntry(new UserId(UUID.randomUUID()), version, new ItemId(UUID.randomUUID()), ChangeKind.UPDATE,
                new DeviceId("phone"), Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void every_listener_hears_a_published_change_once_and_in_order() {
        List<ChangeLogEntry> first = new CopyOnWriteArrayList<>();
        List<ChangeLogEntry> second = new CopyOnWriteArrayList<>();
        bus.subscribe(first::add);
        bus.subscribe(second::add, () -> { });
        ChangeLogEntry one = change(1);
        ChangeLogEntry two = change(2);

        bus.publish(one);
        bus.publish(two);

        assertThat(first).containsExactly(one, two);
        assertThat(second).containsExactly(one, two);
    }

    @Test
    void every_listener_hears_that_a_users_sessions_ended_and_a_closed_one_no_more() {
        List<SessionsEnded> first = new CopyOnWriteArrayList<>();
        List<SessionsEnded> second = new CopyOnWriteArrayList<>();
        List<ChangeLogEntry> changes = new CopyOnWriteArrayList<>();
        bus.subscribe(changes::add);
        EventBus.Subscription one = bus.subscribeSessionsEnded(first::add);
        bus.subscribeSessionsEnded(second::add);
        SessionsEnded ann = new SessionsEnded.Deactivated(new UserId(UUID.randomUUID()));
        SessionsEnded bob = new SessionsEnded.Before(new UserId(UUID.randomUUID()), 2);

        bus.publishSessionsEnded(ann);
        one.close();
        bus.publishSessionsEnded(bob);

        assertThat(first).containsExactly(ann);
        assertThat(second).containsExactly(ann, bob);
        assertThat(changes).as("not a change").isEmpty();
    }

    @Test
    void a_closed_subscription_hears_nothing_more() {
        List<ChangeLogEntry> heard = new CopyOnWriteArrayList<>();
        EventBus.Subscription subscription = bus.subscribe(heard::add);
        bus.publish(change(1));

        subscription.close();
        bus.publish(change(2));

        assertThat(heard).extracting(ChangeLogEntry::version).containsExactly(1L);
    }

    @Test
    void a_failing_listener_does_not_keep_the_change_from_the_others() {
        List<ChangeLogEntry> heard = new CopyOnWriteArrayList<>();
        bus.subscribe(change -> {
            throw new IllegalStateException("listener bug");
        });
        bus.subscribe(heard::add);

        bus.publish(change(1));

        assertThat(heard).hasSize(1);
    }
}
