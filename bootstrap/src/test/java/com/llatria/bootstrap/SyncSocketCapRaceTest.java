package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.web.sync.SyncSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the per-account socket cap (commit 6952a21): many sockets of one account saying
 * hello at the same moment, and sockets dropped by their client in the middle of their hello,
 * must neither get past the cap nor leave places taken by sockets that are gone.
 */
class SyncSocketCapRaceTest {
    private static final int CAP = 3;

    private InMemoryServer server;
    private Llatria llatria;
    private ApiClient api;

    @BeforeEach
    void start() {
        server = InMemoryServer.start(b -> b.syncLimits(new SyncSocket.Limits(SyncSocket.Limits.DEFAULT.maxUnsentBytes(), CAP)));
        llatria = server.llatria();
        api = server.api();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sockets_racing_their_hellos_never_pass_the_cap_and_dropped_ones_free_their_places() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        int racers = 24;
        List<RawSyncSocket> sockets = new ArrayList<>();
        for (int i = 0; i < racers; i++) sockets.add(RawSyncSocket.open(server.port()));
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> greeted = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                RawSyncSocket socket = sockets.get(i);
                String device = "dev-" + i;
                greeted.add(pool.submit(() -> {
                    go.await();
                    socket.hello(ann.accessToken(), device, 0);
                    JsonNode first = socket.next();
                    return first != null && first.path("type").asText().equals("hello");
                }));
            }
            go.countDown();
            int in = 0;
            for (Future<Boolean> g : greeted) if (g.get(30, TimeUnit.SECONDS)) in++;
            assertThat(in).as("sockets greeted out of %d racing", racers).isEqualTo(CAP);
            assertThat(llatria.syncHub().connections()).isEqualTo(CAP);
        } finally {
            pool.shutdownNow();
            for (RawSyncSocket socket : sockets) socket.close();
        }
        InMemoryServer.waitFor(() -> llatria.syncHub().connections() == 0);

        // Clients that vanish in the middle of their hello (sent, then the TCP connection closed at once).
        for (int i = 0; i < 40; i++) {
            try (RawSyncSocket socket = RawSyncSocket.open(server.port())) {
                socket.hello(ann.accessToken(), "gone-" + i, 0);
            }
        }
        InMemoryServer.waitFor(() -> llatria.syncHub().connections() == 0);
        List<SyncSocketClient> fresh = new ArrayList<>();
        try {
            for (int i = 0; i < CAP; i++) {
                SyncSocketClient client = SyncSocketClient.connect(server.port());
                fresh.add(client);
                client.helloAndCatchUp(ann.accessToken(), "fresh-" + i, 0);
            }
            assertThat(llatria.syncHub().connections()).isEqualTo(CAP);
        } finally {
            fresh.forEach(SyncSocketClient::close);
        }
    }
}
