package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.persistence.memory.InMemoryEventBus;
import com.llatria.domain.port.EventBus;
import com.llatria.domain.sync.ChangeLogEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live events lose no change when the relay reads an entity after later writes to it, or hears
 * changes out of commit order. A bus that passes events on only when the test says (as a slow
 * relay or a busy instance would) makes both happen every time.
 */
class LiveEventsTest {
    /** An in-process bus that holds what is published until {@link #release} (a slow link between instances). */
    private static final class HeldBus implements EventBus {
        private final InMemoryEventBus inner = new InMemoryEventBus();
        private final List<ChangeLogEntry> held = new ArrayList<>();

        @Override
        public synchronized void publish(ChangeLogEntry change) {
            held.add(change);
        }

        @Override
        public Subscription subscribe(Consumer<ChangeLogEntry> listener) {
            return inner.subscribe(listener);
        }

        @Override
        public void publishSessionsEnded(com.llatria.domain.user.SessionsEnded ended) {
            inner.publishSessionsEnded(ended);
        }

        @Override
        public Subscription subscribeSessionsEnded(Consumer<com.llatria.domain.user.SessionsEnded> listener) {
            return inner.subscribeSessionsEnded(listener);
        }

        /** Passes on what was held, in the given order of its positions. */
        synchronized void release(int... order) {
            for (int i : order) inner.publish(held.get(i));
            held.clear();
        }
    }

    private final HeldBus bus = new HeldBus();
    private InMemoryServer server;
    private Llatria llatria;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = InMemoryServer.start(b -> b.events(bus));
        llatria = server.llatria();
        api = server.api();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Set<String> idsOf(List<JsonNode> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    private static List<JsonNode> drain(SyncSocketClient socket, int count) throws InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < count; i++) events.add(socket.next(m -> m.path("type").asText().startsWith("inventory:"), 5));
        return events;
    }

    @Test
    void a_change_read_after_a_later_write_of_another_item_still_reaches_the_client() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        try (SyncSocketClient phone = SyncSocketClient.connect(server.port())) {
            phone.helloAndCatchUp(ann.accessToken(), "phone", 0);
            JsonNode lamp = api.createItem(ann, "Lamp", "5", null);    // v1
            JsonNode vase = api.createItem(ann, "Vase", "7", null);    // v2
            api.patch("/api/inventory/" + lamp.get("id").asText(), ann.accessToken(), Map.of("title", "Brass lamp")); // v3

            // The relay reads the lamp for v1 at v3; the vase's v2 comes after it.
            bus.release(0, 1, 2);

            List<JsonNode> events = drain(phone, 3);
            assertThat(idsOf(events)).containsExactlyInAnyOrder(lamp.get("id").asText(), vase.get("id").asText());
            assertThat(events).filteredOn(e -> e.path("id").asText().equals(vase.get("id").asText()))
                    .extracting(e -> e.path("type").asText()).containsExactly("inventory:created");
            assertThat(events.get(0).path("type").asText()).as("a new item is first announced as created").isEqualTo("inventory:created");
        }
    }

    @Test
    void changes_heard_out_of_commit_order_all_reach_the_client() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        try (SyncSocketClient phone = SyncSocketClient.connect(server.port())) {
            phone.helloAndCatchUp(ann.accessToken(), "phone", 0);
            JsonNode lamp = api.createItem(ann, "Lamp", "5", null);    // v1
            JsonNode vase = api.createItem(ann, "Vase", "7", null);    // v2

            // Two writers' after-commit announcements can race: v2 is heard before v1.
            bus.release(1, 0);

            assertThat(idsOf(drain(phone, 2))).containsExactlyInAnyOrder(lamp.get("id").asText(), vase.get("id").asText());
        }
    }
}
