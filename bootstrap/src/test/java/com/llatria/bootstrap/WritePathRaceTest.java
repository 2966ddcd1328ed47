package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.storage.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Racing writers over real HTTP and real PostgreSQL transactions (the in-memory store's global
 * lock would hide every one of these bugs). Each race starts its requests together behind a gate.
 */
class WritePathRaceTest extends ServerFixture {
    private static final int RACERS = 20;

    @Test
    void of_twenty_updates_with_one_expected_version_exactly_one_wins_and_the_rest_are_stale() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        JsonNode item = api.createItem(ann, "Lamp", "10", null);
        String id = item.get("id").asText();
        long version = item.get("version").asLong();

        List<ApiClient.Response> answers = race(i -> () -> {
            Map<String, Object> body = ApiClient.item("Lamp edit " + i, "10");
            body.put("expectedVersion", version);
            return api.put("/api/inventory/" + id, ann.accessToken(), body);
        });

        assertThat(statuses(answers)).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        JsonNode stored = api.get("/api/inventory/" + id, ann.accessToken()).json();
        assertThat(stored.get("version").asLong()).isEqualTo(version + 1);
        String winner = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().json().get("title").asText();
        assertThat(stored.get("title").asText()).isEqualTo(winner);
        answers.stream().filter(a -> a.status() == 409).forEach(a ->
                assertThat(a.json().at("/current/version").asLong()).isEqualTo(version + 1));
        assertThatChangeLogIsGaplessAndMatches(ann, id, version + 1);
    }

    @Test
    void of_twenty_if_match_updates_exactly_one_wins_and_the_rest_fail_their_precondition() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Response created = api.post("/api/inventory", ann.accessToken(), ApiClient.item("Lamp", "10"));
        String id = created.json().get("id").asText();
        String etag = created.header("ETag");

        List<ApiClient.Response> answers = race(i -> () -> api.send("PATCH", "/api/inventory/" + id, ann.accessToken(),
                ApiClient.json(Map.of("title", "Patched " + i)), Map.of("If-Match", etag)));

        assertThat(statuses(answers)).containsOnly(200, 412).filteredOn(s -> s == 200).hasSize(1);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void of_twenty_sales_of_one_active_item_exactly_one_is_recorded() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Chair", "30", "active").get("id").asText();

        List<ApiClient.Response> answers = race(i -> () -> i % 2 == 0
                ? api.patch("/api/inventory/" + id + "/sold", ann.accessToken(), Map.of("soldPrice", 20 + i))
                : api.post("/api/inventory/bulk", ann.accessToken(), Map.of("action", "mark_sold", "ids", List.of(id),
                        "sale", Map.of("soldPrice", 20 + i))));

        long salesAnswered = answers.stream().filter(a -> a.status() == 200 && (a.json().has("results")
                ? a.json().at("/results/0/outcome").asText().equals("ok") : true)).count();
        assertThat(salesAnswered).isEqualTo(1);
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(200, 409));
        JsonNode stored = api.get("/api/inventory/" + id, ann.accessToken()).json();
        assertThat(stored.get("status").asText()).isEqualTo("sold");
        assertThat(stored.get("version").asLong()).isEqualTo(2);
        assertThatChangeLogIsGaplessAndMatches(ann, id, 2);
    }

    @Test
    void twenty_identical_offline_creates_store_one_item_and_every_answer_is_that_item() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = ApiClient.item("Offline lamp", "12.5");
        body.put("id", id);

        List<ApiClient.Response> answers = race(i -> () -> api.post("/api/inventory", ann.accessToken(), body));

        assertThat(statuses(answers)).containsOnly(200, 201).filteredOn(s -> s == 201).hasSize(1);
        assertThat(answers).allSatisfy(a -> assertThat(a.json().get("id").asText()).isEqualTo(id));
        assertThat(answers.stream().map(a -> a.json().get("version").asLong()).distinct()).containsExactly(1L);
        assertThat(count("select count(*) from items where id = ?::uuid", id)).isEqualTo(1);
        assertThatChangeLogIsGaplessAndMatches(ann, id, 1);
    }

    @Test
    void racing_creates_with_another_users_id_are_refused_alike_and_reveal_nothing() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        String annsId = api.createItem(ann, "Ann's lamp", "10", null).get("id").asText();
        Map<String, Object> body = ApiClient.item("Bob's lamp", "10");
        body.put("id", annsId);

        List<ApiClient.Response> answers = race(i -> () -> api.post("/api/inventory", bob.accessToken(), body));

        assertThat(statuses(answers)).containsOnly(409);
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.json().has("current")).isFalse();
            assertThat(a.body()).doesNotContain("Ann");
        });
        assertThat(count("select count(*) from change_log where owner_id = ?::uuid", bob.id())).isZero();
    }

    @Test
    void racing_photo_uploads_never_put_more_than_24_photos_on_an_item() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        List<ApiClient.Part> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) nine.add(new ApiClient.Part("p" + i + ".jpg", "image/jpeg", TestImages.jpeg(32, 24)));

        List<ApiClient.Response> answers = race(4, i -> () -> api.upload("/api/inventory/" + id + "/images", ann.accessToken(), nine));

        assertThat(statuses(answers)).containsOnly(201, 400).filteredOn(s -> s == 201).hasSize(2);
        assertThat(count("select count(*) from item_images where item_id = ?::uuid", id)).isEqualTo(18);
        assertThatChangeLogIsGaplessAndMatches(ann, id, 3);
    }

    @Test
    void two_devices_reordering_photos_with_one_tag_one_wins_and_the_other_fails_its_precondition_every_round() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        List<ApiClient.Part> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) three.add(new ApiClient.Part("p" + i + ".jpg", "image/jpeg", TestImages.jpeg(32, 24)));
        ApiClient.Response uploaded = api.upload("/api/inventory/" + id + "/images", ann.accessToken(), three);
        List<String> photos = uploaded.json().get("images").findValuesAsText("id");
        String etag = uploaded.header("ETag");
        long version = uploaded.json().get("itemVersion").asLong();

        for (int round = 0; round < 10; round++) {
            String tag = etag;
            // Each device puts a different photo first, neither the current order.
            List<List<String>> orders = List.of(List.of(photos.get(1), photos.get(2), photos.get(0)),
                    List.of(photos.get(2), photos.get(0), photos.get(1)));
            List<ApiClient.Response> answers = race(2, i -> () -> api.send("PUT", "/api/inventory/" + id + "/images/reorder",
                    ann.accessToken(), ApiClient.json(Map.of("imageIds", orders.get(i))), Map.of("If-Match", tag)));

            assertThat(statuses(answers)).as("round " + round).containsExactlyInAnyOrder(200, 412);
            ApiClient.Response winner = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow();
            List<String> stored = api.get("/api/inventory/" + id, ann.accessToken()).json().get("images").findValuesAsText("id");
            assertThat(stored).as("the winner's order is the one kept").isEqualTo(winner.json().get("images").findValuesAsText("id"));
            version++;
            assertThatChangeLogIsGaplessAndMatches(ann, id, version);
            // Back to the first order for the next round, and its tag.
            ApiClient.Response reset = api.send("PUT", "/api/inventory/" + id + "/images/reorder", ann.accessToken(),
                    ApiClient.json(Map.of("imageIds", photos)), Map.of("If-Match", winner.header("ETag")));
            assertThat(reset.status()).isEqualTo(200);
            etag = reset.header("ETag");
            version++;
        }
    }

    @Test
    void a_delete_racing_edits_leaves_a_tombstone_that_no_edit_brings_back() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", "active").get("id").asText();

        List<ApiClient.Response> answers = race(i -> () -> i == RACERS / 2
                ? api.delete("/api/inventory/" + id, ann.accessToken())
                : api.put("/api/inventory/" + id, ann.accessToken(), ApiClient.item("Edit " + i, "10")));

        // Which edits land before the delete is up to the scheduler: any mix of 200 and 404 is right.
        assertThat(statuses(answers)).isSubsetOf(200, 204, 404).containsOnlyOnce(204);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).status()).isEqualTo(404);
        long edits = answers.stream().filter(a -> a.status() == 200).count();
        assertThatChangeLogIsGaplessAndMatches(ann, id, 1 + edits + 1);
    }

    private List<ApiClient.Response> race(IntFunction<Callable<ApiClient.Response>> request) throws Exception {
        return race(RACERS, request);
    }

    private List<ApiClient.Response> race(int racers, IntFunction<Callable<ApiClient.Response>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Callable<ApiClient.Response> call = request.apply(i);
                futures.add(pool.submit(() -> {
                    gate.await();
                    return call.call();
                }));
            }
            gate.countDown();
            List<ApiClient.Response> answers = new ArrayList<>();
            for (Future<ApiClient.Response> f : futures) answers.add(f.get());
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> statuses(List<ApiClient.Response> answers) {
        return answers.stream().map(ApiClient.Response::status).toList();
    }

    /** The owner's versions are 1..n without gaps, and the item carries the version of its last change. */
    private void assertThatChangeLogIsGaplessAndMatches(ApiClient.User owner, String itemId, long expectedLast) throws Exception {
        List<Long> versions = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select version from change_log where owner_id = ?::uuid order by version")) {
            s.setString(1, owner.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) versions.add(rs.getLong(1));
            }
        }
        assertThat(versions).containsExactlyElementsOf(LongStream.rangeClosed(1, versions.size()).boxed().toList());
        assertThat(count("select max(version) from change_log where entity_id = ?::uuid", itemId)).isEqualTo(expectedLast);
        assertThat(count("select version from items where id = ?::uuid", itemId)).isEqualTo(expectedLast);
    }

    private long count(String sql, String param) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
