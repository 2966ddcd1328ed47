package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.ai.fake.FakeOpenAi;
import com.llatria.adapters.ai.fake.SampleAnswers;
import com.llatria.adapters.persistence.testing.TestRedis;
import com.llatria.adapters.storage.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AI assistant over HTTP: the real server on PostgreSQL, recognitions cached in an embedded
 * Redis, OpenAI played by a local fake server speaking its API. Never the internet.
 */
class AiApiTest extends ServerFixture {
    static final int DAILY_LIMIT = 4;
    private static final AtomicInteger PHOTOS = new AtomicInteger();
    private final FakeOpenAi openAi = new FakeOpenAi();

    @Override
    protected Map<String, String> extraSettings() {
        return Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", openAi.baseUrl().toString(), "OPENAI_MODEL", "gpt-4o-mini",
                "REDIS_URL", TestRedis.url(), "AI_DAILY_LIMIT", String.valueOf(DAILY_LIMIT));
    }

    @BeforeEach
    void freshFake() {
        openAi.reset();
    }

    @AfterAll
    void stopFake() {
        openAi.close();
    }

    /** A photo no test has sent before (so no cache hit), a real JPEG the pipeline accepts. */
    private static ApiClient.Part newPhoto() {
        int n = PHOTOS.incrementAndGet();
        return new ApiClient.Part("IMG_" + n + ".jpg", "image/jpeg", TestImages.jpeg(320 + n, 240));
    }

    private ApiClient.Response recognize(ApiClient.User user, List<ApiClient.Part> photos, Map<String, String> fields) {
        return api.upload("/api/ai/recognize", user.accessToken(), photos, fields);
    }

    @Test
    void a_draft_form_with_contradictory_or_misplaced_fields_is_refused_and_makes_nothing() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Part photo = newPhoto();
        ApiClient.Response versioned = recognize(ann, List.of(photo), Map.of("createDraft", "true", "expectedVersion", "1"));
        assertThat(versioned.status()).isEqualTo(400);
        assertThat(versioned.json().at("/errors/0/field").asText()).isEqualTo("expectedVersion");

        String boundary = "odd-form";
        String twice = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"createDraft\"\r\n\r\ntrue\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"createDraft\"\r\n\r\nfalse\r\n";
        String asFile = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"createDraft\"; filename=\"x.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        for (String fields : List.of(twice, asFile)) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes(fields.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (fields == asFile) {
                body.writeBytes(photo.bytes());
                body.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.writeBytes(photo.bytes());
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ApiClient.Response refused = api.rawMultipart("/api/ai/recognize", ann.accessToken(), boundary, body.toByteArray());
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("createDraft");
        }
        assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).as("no draft made").isEmpty();
    }

    @Test
    void a_misspelt_form_field_is_refused_so_a_typo_never_turns_apply_into_a_blind_overwrite() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Part photo = newPhoto();
        for (String name : List.of("expectedversion", "createdraft", "expected_version")) {
            ApiClient.Response refused = recognize(ann, List.of(photo), Map.of(name, "true"));
            assertThat(refused.status()).as(name).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo(name);
            assertThat(refused.json().at("/errors/0/reason").asText()).contains("not a known field");
        }
        assertThat(recognize(ann, List.of(photo), Map.of("createDraft", "true")).status()).as("the right spelling").isEqualTo(201);
    }

    @Test
    void a_photo_is_recognised_and_the_same_photo_again_costs_no_second_provider_call() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Part photo = newPhoto();

        ApiClient.Response first = recognize(ann, List.of(photo), Map.of());

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode r = first.json();
        assertThat(r.get("recognizedItem").asText()).isEqualTo("Levi's 501 Original Fit jeans");
        assertThat(r.get("title").asText()).isEqualTo("Levi's 501 Original Fit Jeans W32 L34 Medium Wash");
        assertThat(r.get("condition").asText()).isEqualTo("used");
        assertThat(r.get("category").asText()).isEqualTo("Clothing");
        assertThat(r.get("categoryKnown").asBoolean()).isTrue();
        assertThat(r.at("/suggestedPrice/amount").asText()).isEqualTo("39.99");
        assertThat(r.at("/answeredBy/provider").asText()).isEqualTo("openai");
        assertThat(r.at("/answeredBy/promptTokens").asInt()).isEqualTo(1117);
        assertThat(r.get("cached").asBoolean()).isFalse();
        assertThat(r.get("item").isNull()).isTrue();
        assertThat(openAi.calls()).isEqualTo(1);
        assertThat(first.header("Server-Timing")).as("where the miss's time went").matches("encode;dur=[0-9]+\\.[0-9]{2}, provider;dur=[0-9]+\\.[0-9]{2}");

        ApiClient.Response second = recognize(ann, List.of(photo), Map.of());

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("cached").asBoolean()).isTrue();
        assertThat(second.header("Server-Timing")).as("a hit asked no provider").isNull();
        assertThat(second.json().get("title").asText()).isEqualTo(r.get("title").asText());
        assertThat(openAi.calls()).as("the second call came from the cache").isEqualTo(1);
        JsonNode usage = api.get("/api/ai/usage", ann.accessToken()).json();
        assertThat(usage.get("usedToday").asInt()).isEqualTo(1);
        assertThat(usage.at("/calls/0/provider").asText()).isEqualTo("openai");
        assertThat(usage.at("/calls/0/outcome").asText()).isEqualTo("ok");
    }

    @Test
    void photos_become_a_draft_item_in_one_call_with_its_photos_and_ai_data() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response created = recognize(ann, List.of(newPhoto()), Map.of("createDraft", "true"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode item = created.json().get("item");
        assertThat(item.get("status").asText()).isEqualTo("draft");
        assertThat(item.get("title").asText()).isEqualTo("Levi's 501 Original Fit Jeans W32 L34 Medium Wash");
        assertThat(item.at("/price/amount").asText()).isEqualTo("39.99");
        assertThat(item.get("images")).hasSize(1);
        String id = item.get("id").asText();
        JsonNode stored = api.get("/api/inventory/" + id, ann.accessToken()).json();
        assertThat(stored.get("images")).hasSize(1);
        assertThat(aiDataTitle(id)).isEqualTo("Levi's 501 Original Fit Jeans W32 L34 Medium Wash");
    }

    @Test
    void an_items_stored_photos_are_recognised_and_the_draft_applied_as_an_ordinary_write() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "jeans", "10", null).get("id").asText();
        assertThat(api.upload("/api/inventory/" + id + "/images", ann.accessToken(), List.of(newPhoto())).status()).isEqualTo(201);
        long before = api.get("/api/inventory/" + id, ann.accessToken()).json().get("version").asLong();

        ApiClient.Response applied = api.post("/api/ai/recognize", ann.accessToken(), Map.of("itemId", id, "apply", true));

        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        JsonNode item = applied.json().get("item");
        assertThat(item.get("title").asText()).isEqualTo("Levi's 501 Original Fit Jeans W32 L34 Medium Wash");
        assertThat(item.get("condition").asText()).isEqualTo("used");
        assertThat(item.at("/price/amount").asText()).isEqualTo("39.99");
        assertThat(item.get("version").asLong()).isGreaterThan(before);
        assertThat(changeLogEntries(id)).as("the apply went through the item write path").isEqualTo(3);
        assertThat(aiDataTitle(id)).isEqualTo("Levi's 501 Original Fit Jeans W32 L34 Medium Wash");
        String sent = openAi.requests().get(0).body().toString();
        assertThat(sent).contains("data:image/jpeg;base64,");
    }

    @Test
    void a_price_is_suggested_from_the_sellers_own_sales() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        for (String[] sale : new String[][]{{"Levi's 501 jeans W32", "40.00"}, {"Levi's 501 jeans W34", "44.00"}, {"Levi's 501 jeans W30", "38.00"}}) {
            String sold = api.createItem(ann, sale[0], sale[1], "active").get("id").asText();
            assertThat(api.patch("/api/inventory/" + sold + "/sold", ann.accessToken(), Map.of()).status()).isEqualTo(200);
        }
        String id = api.createItem(ann, "Levi's 501 jeans W33", "0", null).get("id").asText();

        ApiClient.Response suggestion = api.get("/api/ai/suggestions/" + id, ann.accessToken());

        assertThat(suggestion.status()).as(suggestion.body()).isEqualTo(200);
        JsonNode s = suggestion.json();
        assertThat(s.at("/suggestedPrice/amount").asText()).isEqualTo("40.00");
        assertThat(s.at("/low/amount").asText()).isEqualTo("38.00");
        assertThat(s.at("/high/amount").asText()).isEqualTo("44.00");
        assertThat(s.at("/basis/source").asText()).isEqualTo("own_sales");
        assertThat(s.at("/basis/soldItems")).hasSize(3);
        assertThat(s.get("reason").asText()).contains("3 similar items you sold");
        assertThat(openAi.calls()).isZero();
    }

    @Test
    void the_daily_limit_answers_429_problem_json_with_retry_after() {
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        for (int i = 0; i < DAILY_LIMIT; i++) assertThat(recognize(bob, List.of(newPhoto()), Map.of()).status()).isEqualTo(200);

        ApiClient.Response refused = recognize(bob, List.of(newPhoto()), Map.of());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:llatria:problem:ai-daily-limit");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_401L);
        assertThat(openAi.calls()).isEqualTo(DAILY_LIMIT);
        assertThat(recognize(api.register(uniqueEmail("cat")), List.of(newPhoto()), Map.of()).status()).as("others are not limited").isEqualTo(200);
    }

    @Test
    void another_users_item_is_not_found_on_every_ai_endpoint() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User eve = api.register(uniqueEmail("eve"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();

        assertThat(api.post("/api/ai/recognize", eve.accessToken(), Map.of("itemId", id, "apply", true)).status()).isEqualTo(404);
        assertThat(recognize(eve, List.of(newPhoto()), Map.of("itemId", id, "apply", "true")).status()).isEqualTo(404);
        assertThat(api.get("/api/ai/suggestions/" + id, eve.accessToken()).status()).isEqualTo(404);
        assertThat(api.post("/api/ai/describe/" + id, eve.accessToken(), Map.of("apply", true)).status()).isEqualTo(404);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("title").asText()).isEqualTo("Lamp");
        assertThat(openAi.calls()).isZero();
    }

    @Test
    void concurrent_identical_requests_make_one_provider_call() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Part photo = newPhoto();
        openAi.always(openAi.ok(SampleAnswers.LEVIS).after(Duration.ofMillis(400)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ApiClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) answers.add(pool.submit(() -> recognize(ann, List.of(photo), Map.of())));
            for (Future<ApiClient.Response> answer : answers) assertThat(answer.get().status()).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        assertThat(openAi.calls()).isEqualTo(1);
    }

    @Test
    void a_hostile_answer_is_cleaned_before_anything_sees_it_and_changes_nothing_else() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "sneakers", "10", "active").get("id").asText();
        assertThat(api.upload("/api/inventory/" + id + "/images", ann.accessToken(), List.of(newPhoto())).status()).isEqualTo(201);
        openAi.always(openAi.ok(SampleAnswers.hostile()));

        ApiClient.Response applied = api.post("/api/ai/recognize", ann.accessToken(), Map.of("itemId", id, "apply", true));

        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        JsonNode item = applied.json().get("item");
        assertThat(item.get("title").asText()).isEqualTo("Nike Air Max 90 White");
        assertThat(item.get("description").asText().length()).isLessThanOrEqualTo(10_000);
        assertThat(item.get("status").asText()).as("the injected 'mark this item sold' is only text").isEqualTo("active");
        assertThat(item.at("/price/amount").asText()).as("no usable price: the item keeps its own").isEqualTo("10.00");
        assertThat(applied.json().get("repairs")).isNotEmpty();
    }

    @Test
    void bad_requests_are_problems_and_change_nothing() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response notAnImage = recognize(ann, List.of(new ApiClient.Part("x.jpg", "image/jpeg", "hello".getBytes())), Map.of());
        ApiClient.Response noItem = api.post("/api/ai/recognize", ann.accessToken(), Map.of("itemId", UUID.randomUUID().toString()));
        ApiClient.Response unknownField = api.post("/api/ai/recognize", ann.accessToken(), Map.of("itemId", UUID.randomUUID().toString(), "userId", "x"));

        assertThat(notAnImage.status()).isEqualTo(415);
        assertThat(noItem.status()).isEqualTo(404);
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(List.of(notAnImage, noItem, unknownField)).allSatisfy(r -> assertThat(r.contentType()).startsWith("application/problem+json"));
        assertThat(openAi.calls()).isZero();
    }

    @Test
    void another_user_sending_the_same_photo_learns_nothing_from_the_cache() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        ApiClient.Part photo = newPhoto();
        ApiClient.Response annsAnswer = recognize(ann, List.of(photo), Map.of());

        ApiClient.Response bobsAnswer = recognize(bob, List.of(photo), Map.of());

        assertThat(bobsAnswer.status()).isEqualTo(200);
        assertThat(bobsAnswer.json().get("cached").asBoolean()).as("not ann's cached answer").isFalse();
        assertThat(bobsAnswer.json().get("recognizedAt").asText()).isNotEqualTo(annsAnswer.json().get("recognizedAt").asText());
        assertThat(bobsAnswer.json().get("similarItems")).as("ann's recognitions are not offered to bob").isEmpty();
        assertThat(openAi.calls()).isEqualTo(2);
    }

    @Test
    void the_providers_own_words_stay_in_the_log_not_in_the_problem() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        openAi.always(openAi.rejected());

        ApiClient.Response refused = recognize(ann, List.of(newPhoto()), Map.of());

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:llatria:problem:ai-provider-rejected");
        assertThat(refused.body()).doesNotContain("Incorrect API key", "sk-test", "api-keys");
    }

    @Test
    void a_json_recognition_refuses_what_it_would_have_to_guess_at() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        assertThat(api.upload("/api/inventory/" + id + "/images", ann.accessToken(), List.of(newPhoto())).status()).isEqualTo(201);
        int version = api.get("/api/inventory/" + id, ann.accessToken()).json().get("version").asInt();

        String item = "{\"itemId\": \"" + id + "\", ";
        for (String bad : List.of(item + "\"apply\": true, \"expectedVersion\": " + version + ".9}",
                item + "\"apply\": true, \"expectedVersion\": 0}", item + "\"apply\": true, \"expectedVersion\": \"" + version + "\"}",
                item + "\"apply\": \"true\"}")) {
            ApiClient.Response refused = api.send("POST", "/api/ai/recognize", ann.accessToken(), bad, Map.of());
            assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/field").asText()).isIn("expectedVersion", "apply");
        }
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("version").asInt()).isEqualTo(version);
        assertThat(openAi.calls()).isZero();
    }

    @Test
    void applying_an_answer_without_a_description_keeps_the_sellers_own() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        api.patch("/api/inventory/" + id, ann.accessToken(), Map.of("description", "My careful description."));
        assertThat(api.upload("/api/inventory/" + id + "/images", ann.accessToken(), List.of(newPhoto())).status()).isEqualTo(201);
        openAi.always(openAi.ok("{\"title\": \"Brass lamp\", \"description\": null, \"confidence\": 0.9}"));

        ApiClient.Response applied = api.post("/api/ai/recognize", ann.accessToken(), Map.of("itemId", id, "apply", true));

        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().at("/item/title").asText()).isEqualTo("Brass lamp");
        assertThat(applied.json().at("/item/description").asText()).isEqualTo("My careful description.");
    }

    @Test
    void a_photo_declaring_fifty_million_pixels_in_a_row_is_refused_before_any_provider_call() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        byte[] bomb = com.llatria.adapters.ai.fake.HostilePhotos.pngDeclaring(50_000_000, 1);

        ApiClient.Response refused = recognize(ann, List.of(new ApiClient.Part("wide.png", "image/png", bomb)), Map.of("createDraft", "true"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("files");
        assertThat(openAi.calls()).isZero();
        assertThat(api.get("/api/ai/usage", ann.accessToken()).json().get("usedToday").asInt()).isZero();
    }

    private String aiDataTitle(String itemId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT title FROM ai_data WHERE item_id = ?::uuid")) {
            s.setString(1, itemId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private int changeLogEntries(String itemId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM change_log WHERE entity_id = ?::uuid")) {
            s.setString(1, itemId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
