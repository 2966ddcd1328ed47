package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What one account's pushes may cost the server (finding 7.16). */
class PushLimitsTest extends ServerFixture {
    private static long millis = 1_764_100_000_000L;

    private static synchronized String stamp(String device) {
        return String.format("%016d-%05d-%s", millis++, 0, device);
    }

    private ApiClient.Response push(ApiClient.User user, String body) {
        return api.send("POST", "/api/sync/push", user.accessToken(), body, java.util.Map.of("Content-Type", "application/json"));
    }

    @Test
    void push_and_pull_with_a_trailing_slash_keep_their_own_rules() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String create = "{\"deviceId\":\"desk\",\"schemaVersion\":1,\"mutations\":[{\"mutationId\":1,\"entity\":\"item\",\"id\":\""
                + UUID.randomUUID() + "\",\"op\":\"upsert\",\"baseVersion\":0,\"fields\":{\"title\":{\"value\":\"Lamp\",\"hlc\":\""
                + stamp("desk") + "\"},\"price\":{\"value\":{\"amount\":\"5.00\",\"currency\":\"USD\"},\"hlc\":\"" + stamp("desk") + "\"}}}]}";
        java.util.Map<String, String> keyed = java.util.Map.of("Content-Type", "application/json", "Idempotency-Key", UUID.randomUUID().toString());
        // S.16: the key's fingerprint read the body, and the push then found none (400, kept for the key)
        ApiClient.Response pushed = api.send("POST", "/api/sync/push/", ann.accessToken(), create, keyed);
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.json().at("/results/0/status").asText()).isEqualTo("applied");
        ApiClient.Response again = api.send("POST", "/api/sync/push/", ann.accessToken(), create, keyed);
        assertThat(again.header("Idempotent-Replayed")).as("a push is idempotent by its mutation ids, never by the key").isNull();
        assertThat(again.json().at("/results/0/status").asText()).isEqualTo("duplicate");

        String pull = "{\"deviceId\":\"desk\",\"schemaVersion\":1,\"cursor\":0,\"limit\":10}";
        api.send("POST", "/api/sync/pull/", ann.accessToken(), pull, keyed);
        assertThat(api.send("POST", "/api/sync/pull/", ann.accessToken(), pull, keyed).header("Idempotent-Replayed")).isNull();

        // the push's own 5 MB limit, not the 1 MB of other JSON bodies
        String padded = create.substring(0, create.length() - 1) + " ".repeat(1_500_000) + "}";
        for (String path : List.of("/api/sync/push", "/api/sync/push/")) {
            ApiClient.Response big = api.send("POST", path, ann.accessToken(), padded, java.util.Map.of("Content-Type", "application/json"));
            assertThat(big.status()).as(path + " " + big.body()).isEqualTo(200);
        }
    }

    @Test
    void a_mutation_with_many_mistakes_lists_ten_and_counts_the_rest() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 50; i++) keys.append(",\"k").append(i).append("\":0");
        String body = "{\"deviceId\":\"desk\",\"schemaVersion\":1,\"mutations\":[{\"mutationId\":1,\"entity\":\"item\",\"id\":\""
                + UUID.randomUUID() + "\",\"op\":\"upsert\",\"baseVersion\":0" + keys + ",\"fields\":{\"title\":{\"value\":\"Lamp\",\"hlc\":\""
                + stamp("desk") + "\"}}}]}";

        ApiClient.Response answer = push(ann, body);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode result = answer.json().at("/results/0");
        assertThat(result.get("status").asText()).isEqualTo("rejected");
        JsonNode errors = result.at("/problem/errors");
        assertThat(errors).hasSize(11);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("mutations[0].k0");
        assertThat(errors.get(10).get("reason").asText()).isEqualTo("has 40 more problems not listed");
    }

    @Test
    void a_body_of_too_many_json_values_is_refused_whole_before_it_is_applied() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = UUID.randomUUID().toString();
        StringBuilder body = new StringBuilder("{\"deviceId\":\"desk\",\"schemaVersion\":1,\"mutations\":[");
        for (int m = 0; m < 500; m++) {
            if (m > 0) body.append(',');
            body.append("{\"mutationId\":").append(m + 1).append(",\"entity\":\"item\",\"id\":\"").append(id)
                    .append("\",\"op\":\"upsert\",\"baseVersion\":0,\"x\":[");
            for (int i = 0; i < 500; i++) body.append(i == 0 ? "0" : ",0");
            body.append("],\"fields\":{\"title\":{\"value\":\"Lamp\",\"hlc\":\"").append(stamp("desk")).append("\"}}}");
        }
        body.append("]}");
        assertThat(body.length()).isLessThan(5 * 1024 * 1024);

        ApiClient.Response answer = push(ann, body.toString());

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().at("/errors/0/field").asText()).isEqualTo("body");
        JsonNode last = api.get("/api/sync/last-sync?deviceId=desk", ann.accessToken()).json();
        assertThat(last.get("lastMutationId").asLong()).isZero();
    }

    @Test
    void parallel_pushes_of_one_account_take_turns_instead_of_waiting_on_the_database_with_a_connection_each() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = UUID.randomUUID().toString();
        assertThat(push(ann, batch("setup", 1, 1, id)).json().at("/results/0/status").asText()).isEqualTo("applied");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger mostWaiting = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                while (running.get()) {
                    try (ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity "
                            + "where datname = current_database() and wait_event_type = 'Lock'")) {
                        rs.next();
                        mostWaiting.accumulateAndGet(rs.getInt(1), Math::max);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        watcher.start();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<ApiClient.Response>> pushes = new ArrayList<>();
            for (int d = 0; d < 6; d++) {
                String device = "phone-" + d;
                pushes.add(pool.submit(() -> push(ann, batch(device, 1, 40, id))));
            }
            for (Future<ApiClient.Response> answer : pushes) {
                assertThat(answer.get().status()).isEqualTo(200);
                assertThat(answer.get().json().get("results")).hasSize(40);
            }
        } finally {
            running.set(false);
            watcher.join();
            pool.shutdown();
        }
        // Before: the six pushes' transactions queued on the owner's row lock, a pooled connection each.
        assertThat(mostWaiting.get()).isZero();
    }

    /** {@code count} title edits of one item from {@code device}, mutation ids from {@code first}. */
    private static String batch(String device, long first, int count, String id) {
        StringBuilder body = new StringBuilder("{\"deviceId\":\"" + device + "\",\"schemaVersion\":1,\"mutations\":[");
        for (int i = 0; i < count; i++) {
            String hlc = stamp(device);
            if (i > 0) body.append(',');
            body.append("{\"mutationId\":").append(first + i).append(",\"entity\":\"item\",\"id\":\"").append(id)
                    .append("\",\"op\":\"upsert\",\"baseVersion\":0,\"fields\":{\"title\":{\"value\":\"Title ").append(i)
                    .append("\",\"hlc\":\"").append(hlc).append("\"},\"price\":{\"value\":\"5.00\",\"hlc\":\"").append(hlc).append("\"}}}");
        }
        return body.append("]}").toString();
    }
}
