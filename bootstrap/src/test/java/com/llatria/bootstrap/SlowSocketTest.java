package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A /sync client that stops reading must not make the server render and queue its whole
 * inventory (finding 7.7): the catch-up reads the next page only once the last one was written.
 */
class SlowSocketTest extends ServerFixture {
    private static final int ITEMS = 4_000;

    @Test
    void a_client_that_stops_reading_holds_back_its_catch_up_and_gets_everything_once_it_reads_again() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        seed(ann.id(), ITEMS); // 4,000 items of ~8 KB: 32 MB, far more than the sockets' buffers hold

        AtomicInteger received = new AtomicInteger();
        AtomicLong cursor = new AtomicLong(-1);
        CompletableFuture<Void> done = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/sync"), new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.request(1); // the hello answer, then nothing until the test asks
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                JsonNode message = ApiClient.JSON.readTree(text.toString());
                                if (message.path("type").asText().equals("sync:changes")) {
                                    received.addAndGet(message.get("changes").size());
                                    cursor.set(message.get("cursor").asLong());
                                    if (!message.get("hasMore").asBoolean()) done.complete(null);
                                }
                            } catch (Exception e) {
                                done.completeExceptionally(e);
                            }
                            text.setLength(0);
                        }
                        if (received.get() > 0 || !last) ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        done.completeExceptionally(new IllegalStateException("closed: " + status + " " + reason));
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"hello\",\"token\":\"" + ann.accessToken() + "\",\"deviceId\":\"slow\",\"cursor\":0}", true);

        // The server records each catch-up page as this device's pull: watch it until it stops moving.
        long stable = pulledUpTo(ann);
        for (int unchanged = 0; unchanged < 8; ) {
            Thread.sleep(250);
            long now = pulledUpTo(ann);
            unchanged = now == stable ? unchanged + 1 : 0;
            stable = now;
        }
        assertThat(stable).as("pages read for a client that reads nothing").isLessThan(ITEMS / 2);
        assertThat(received.get()).isZero();

        socket.request(1);
        done.get(60, TimeUnit.SECONDS);
        assertThat(received.get()).isEqualTo(ITEMS);
        assertThat(cursor.get()).isEqualTo(ITEMS);
        socket.abort();
    }

    private long pulledUpTo(ApiClient.User user) {
        return api.get("/api/sync/last-sync?deviceId=slow", user.accessToken()).json().get("lastPullCursor").asLong();
    }

    private void seed(String owner, int count) throws Exception {
        String stamps = "{" + String.join(",", java.util.Arrays.stream(new String[]{"TITLE", "DESCRIPTION", "PRICE", "CONDITION",
                "CATEGORY", "SKU", "COST", "LIFECYCLE"}).map(f -> "\"" + f + "\":{\"stamp\":\"0001767225600000-00000-seed\",\"version\":1}")
                .toList()) + "}";
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into items (id, owner_id, title, description, price_amount, price_currency, status, created_at, updated_at, "
                    + "version, field_stamps) select md5('" + owner + "' || n)::uuid, '" + owner + "', 'Item ' || n, repeat('x', 8000), 10, "
                    + "'USD', 'active', now(), now(), n, '" + stamps + "'::jsonb from generate_series(1, " + count + ") n");
            s.execute("insert into user_versions (user_id, version) values ('" + owner + "', " + count + ") "
                    + "on conflict (user_id) do update set version = excluded.version");
        }
    }
}
