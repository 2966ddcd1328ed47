package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.web.sync.SyncSocket;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 7.7: a client that never reads must not make the server hold its user's inventory. The
 * clients here are raw TCP sockets that complete the WebSocket handshake, send hello, and stop
 * reading (a tiny receive buffer), against an inventory many times bigger than what loopback's
 * kernel buffers can take. The server's own count of rendered-but-unwritten bytes is the measure.
 */
class SyncSlowClientTest {
    private static final int ITEMS = 3000;
    /** About 5 KB of JSON per item: 3000 items are thirty 0.5 MB catch-up pages, 15 MB in all. */
    private static final String DESCRIPTION = "x".repeat(5000);
    private static final int PAGES = ITEMS / 100;
    private static final long LIMIT = 256 << 10;
    /**
     * Pings, the silence allowed and the catch-up page deadline, far beyond any test's length: the
     * stalled clients here never answer pings, and a loaded machine can take longer than the 30 s
     * page deadline to serve the reading client beside them. What is tested is the bound in bytes,
     * which does not depend on time.
     */
    private static final java.time.Duration UNHURRIED = java.time.Duration.ofMinutes(10);

    private InMemoryServer server;
    private Llatria llatria;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = InMemoryServer.start(b -> b.syncLimits(new SyncSocket.Limits(LIMIT, 3, UNHURRIED.dividedBy(2), UNHURRIED, UNHURRIED)));
        llatria = server.llatria();
        api = server.api();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void seed(ApiClient.User user, int count) {
        UserId owner = UserId.of(user.id());
        for (int i = 0; i < count; i++) {
            llatria.inventory().create(owner, new DeviceId("seed"), Optional.empty(), new ItemInput("Item " + i, DESCRIPTION,
                    new MoneyInput(new BigDecimal("5"), null), null, null, null, null, null));
        }
    }

    @Test
    void a_client_that_never_reads_holds_at_most_one_catch_up_page_and_a_reading_one_still_gets_everything() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        seed(ann, ITEMS);
        SyncSocket.Stats stats = llatria.syncSocket().stats();

        try (RawSyncSocket stalled = RawSyncSocket.open(server.port())) {
            stalled.hello(ann.accessToken(), "stalled", 0);
            InMemoryServer.waitFor(() -> stats.pagesRendered() >= 1 && llatria.syncSocket().unsentBytes().stream().anyMatch(b -> b > 0));
            // Without flow control every page would be rendered and queued within this time.
            Thread.sleep(2000);
            long rendered = stats.pagesRendered();
            assertThat(rendered).as("pages rendered for a client that reads nothing").isLessThan(PAGES);
            long onePage = 100L * (DESCRIPTION.length() + 1000);
            assertThat(stats.maxUnsentBytes()).as("bytes waiting for the client").isLessThanOrEqualTo(onePage);

            // A client reading normally meanwhile gets its whole catch-up, though each page is bigger than the bound.
            try (SyncSocketClient reader = SyncSocketClient.connect(server.port())) {
                reader.hello(ann.accessToken(), "reader", 0);
                assertThat(catchUpIds(reader)).hasSize(ITEMS);
            }

            // The stalled client starts reading: it was held back, not dropped, and gets everything.
            Set<String> ids = new HashSet<>();
            while (true) {
                JsonNode message = stalled.next();
                assertThat(message).as("the socket stays open").isNotNull();
                if (!message.path("type").asText().equals("sync:changes")) continue;
                message.path("changes").forEach(c -> ids.add(c.path("id").asText()));
                if (!message.path("hasMore").asBoolean()) break;
            }
            assertThat(ids).hasSize(ITEMS);
            assertThat(stats.maxUnsentBytes()).isLessThanOrEqualTo(onePage);
        }
    }

    @Test
    void a_live_client_that_never_reads_is_disconnected_once_the_bytes_waiting_for_it_pass_the_bound() throws Exception {
        ApiClient.User bob = api.register(ServerFixture.uniqueEmail("bob"));
        try (RawSyncSocket stalled = RawSyncSocket.open(server.port());
             SyncSocketClient reader = SyncSocketClient.connect(server.port())) {
            reader.helloAndCatchUp(bob.accessToken(), "reader", 0);
            stalled.hello(bob.accessToken(), "stalled", 0);
            InMemoryServer.waitFor(() -> llatria.syncHub().connections() == 2);
            int created = 0;
            Set<String> ids = new HashSet<>();
            // The kernel's buffers take a few MB; then the server's own queue reaches the bound.
            // Each write waits until the reading client has its event: the relay keeps up however
            // slow the machine, so its queue never overflows into a sync:pull (which would skip events).
            while (llatria.syncHub().connections() == 2 && created < 4000) {
                seed(bob, 1);
                created++;
                ids.add(reader.next("inventory:created", 30).path("id").asText());
            }
            assertThat(llatria.syncHub().connections()).as("the stalled socket was dropped").isEqualTo(1);
            assertThat(created).isLessThan(4000);
            assertThat(stats().maxUnsentBytes()).as("bytes that ever waited for one client").isLessThanOrEqualTo(LIMIT);
            assertThat(stalled.readToEnd()).as("the server ended the connection").isTrue();

            // The reading client is unaffected: every change reached it.
            while (ids.size() < created) ids.add(reader.next("inventory:created", 10).path("id").asText());
            reader.send("{\"type\":\"ping\"}");
            reader.next("pong", 5);
        }
    }

    @Test
    void an_account_opens_no_more_sockets_than_the_limit() throws Exception {
        ApiClient.User cy = api.register(ServerFixture.uniqueEmail("cy"));
        ApiClient.User dee = api.register(ServerFixture.uniqueEmail("dee"));
        List<SyncSocketClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SyncSocketClient socket = SyncSocketClient.connect(server.port());
                open.add(socket);
                socket.helloAndCatchUp(cy.accessToken(), "dev-" + i, 0);
            }
            try (SyncSocketClient fourth = SyncSocketClient.connect(server.port())) {
                fourth.hello(cy.accessToken(), "dev-3", 0);
                assertThat(fourth.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4403);
            }
            // Another account is not affected.
            try (SyncSocketClient other = SyncSocketClient.connect(server.port())) {
                other.helloAndCatchUp(dee.accessToken(), "dev-0", 0);
            }
            // Closing one frees its place.
            open.remove(0).close();
            InMemoryServer.waitFor(() -> llatria.syncHub().connections() == 2);
            SyncSocketClient again = SyncSocketClient.connect(server.port());
            open.add(again);
            again.helloAndCatchUp(cy.accessToken(), "dev-0", 0);
            assertThat(llatria.syncHub().connections()).isEqualTo(3);
        } finally {
            open.forEach(SyncSocketClient::close);
        }
    }

    private SyncSocket.Stats stats() {
        return llatria.syncSocket().stats();
    }

    private static Set<String> catchUpIds(SyncSocketClient client) throws InterruptedException {
        Set<String> ids = new HashSet<>();
        while (true) {
            JsonNode page = client.next("sync:changes", 30);
            page.path("changes").forEach(c -> ids.add(c.path("id").asText()));
            if (!page.path("hasMore").asBoolean()) return ids;
        }
    }
}
