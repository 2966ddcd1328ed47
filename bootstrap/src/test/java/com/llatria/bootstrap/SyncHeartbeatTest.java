package com.llatria.bootstrap;

import com.llatria.adapters.web.sync.SyncSocket;
import io.javalin.Javalin;
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

    private Llatria llatria;
    private Javalin javalin;
    private ApiClient api;

    @BeforeEach
    void start() {
        llatria = Llatria.builder().inMemory().jwtSecret(ServerFixture.SECRET)
                .syncLimits(new SyncSocket.Limits(SyncSocket.Limits.DEFAULT.maxUnsentBytes(), 20, PING, SILENCE)).build().start();
        javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            llatria.http().mount(config.routes);
        }).start("127.0.0.1", 0);
        api = new ApiClient(javalin.port());
    }

    @AfterEach
    void stop() {
        javalin.stop();
        llatria.close();
    }

    @Test
    void a_client_that_stops_answering_pings_is_dropped_and_one_that_answers_stays() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        try (SyncSocketClient answering = SyncSocketClient.connect(javalin.port());
             SyncSlowClientTest.RawSocket silent = SyncSlowClientTest.RawSocket.open(javalin.port())) {
            answering.helloAndCatchUp(ann.accessToken(), "desk", 0);
            silent.hello(ann.accessToken(), "phone", 0);
            long started = System.nanoTime();
            waitFor(() -> llatria.syncHub().connections() == 2);

            assertThat(silent.readToEnd()).as("the server ended the silent client's connection").isTrue();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("dropped after about the allowed silence").isGreaterThanOrEqualTo(SILENCE.toMillis());
            waitFor(() -> llatria.syncHub().connections() == 1);

            // Well past the silence allowed: the client that answers pings is still there and served.
            Thread.sleep(SILENCE.multipliedBy(2).toMillis());
            assertThat(answering.closed).isNotDone();
            api.createItem(ann, "Lamp", "5", null);
            assertThat(answering.next("inventory:created", 5).at("/data/title").asText()).isEqualTo("Lamp");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.sleep(20);
        }
    }
}
