package com.llatria.bootstrap;

import com.llatria.adapters.web.sync.SyncSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 7.14: the server's own pings count as activity for the idle timeout, so a client that
 * keeps its TCP connection open and stops answering (a frozen or suspended app) was never
 * dropped. Here pings go every 200 ms and 1 s of silence drops a client. The silent client is a
 * raw socket that reads (the pings arrive) but never answers; the other is the JDK's WebSocket,
 * which answers pings with pongs as every WebSocket client does.
 */
class SyncHeartbeatTest {
    private static final Duration PING = Duration.ofMillis(200);
    private static final Duration SILENCE = Duration.ofSeconds(1);

    private InMemoryServer server;
    private Llatria llatria;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = InMemoryServer.start(b -> b.syncLimits(new SyncSocket.Limits(SyncSocket.Limits.DEFAULT.maxUnsentBytes(), 20, PING, SILENCE)));
        llatria = server.llatria();
        api = server.api();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_client_that_stops_answering_pings_is_dropped_and_one_that_answers_stays() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        try (SyncSocketClient answering = SyncSocketClient.connect(server.port());
             RawSyncSocket silent = RawSyncSocket.open(server.port())) {
            answering.helloAndCatchUp(ann.accessToken(), "desk", 0);
            silent.hello(ann.accessToken(), "phone", 0);
            long started = System.nanoTime();
            InMemoryServer.waitFor(() -> llatria.syncHub().connections() == 2);

            assertThat(silent.readToEnd()).as("the server ended the silent client's connection").isTrue();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("dropped after about the allowed silence").isGreaterThanOrEqualTo(SILENCE.toMillis());
            InMemoryServer.waitFor(() -> llatria.syncHub().connections() == 1);

            // Well past the silence allowed: the client that answers pings is still there and served.
            Thread.sleep(SILENCE.multipliedBy(2).toMillis());
            assertThat(answering.closed).isNotDone();
            api.createItem(ann, "Lamp", "5", null);
            assertThat(answering.next("inventory:created", 5).at("/data/title").asText()).isEqualTo("Lamp");
        }
    }

    @Test
    void a_socket_whose_accounts_deactivation_message_was_lost_is_closed_once_the_account_is_looked_at_again() throws Exception {
        // Finding 7.22: the deactivation happened elsewhere and its message never came (Redis away at that moment).
        com.llatria.domain.fixtures.MutableClock clock = com.llatria.domain.fixtures.MutableClock.at("2026-11-26T10:00:00Z");
        try (InMemoryServer other = InMemoryServer.start(b -> b.clock(clock)
                .syncLimits(new SyncSocket.Limits(SyncSocket.Limits.DEFAULT.maxUnsentBytes(), 20, PING, SILENCE)));
             SyncSocketClient socket = SyncSocketClient.connect(other.port())) {
            ApiClient.User ann = other.api().register(ServerFixture.uniqueEmail("ann"));
            socket.helloAndCatchUp(ann.accessToken(), "desk", 0);
            com.llatria.domain.user.UserId id = com.llatria.domain.user.UserId.of(ann.id());
            var users = other.llatria().persistence().users();
            users.update(users.find(id).orElseThrow().deactivated(clock.instant()));

            // Still cached as active here: sweeps go by and the socket stays.
            Thread.sleep(SILENCE.toMillis());
            assertThat(socket.closed).isNotDone();
            clock.advance(Duration.ofSeconds(31));

            assertThat(socket.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4401);
        }
    }
}
