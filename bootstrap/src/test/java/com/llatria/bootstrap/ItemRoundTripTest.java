package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a client written against the design's schema does: send numbers, send back what it read, patch, use ETags. */
class ItemRoundTripTest extends ServerFixture {

    @Test
    void what_get_returns_can_be_sent_back_to_put_with_one_field_changed() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", "active").get("id").asText();
        ObjectNode read = (ObjectNode) api.get("/api/inventory/" + id, ann.accessToken()).json();

        read.put("title", "Brass lamp");
        ApiClient.Response put = api.send("PUT", "/api/inventory/" + id, ann.accessToken(), read.toString(), Map.of());

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("title").asText()).isEqualTo("Brass lamp");
        assertThat(put.json().get("version").asLong()).isEqualTo(read.get("version").asLong() + 1);

        // The same body again is now stale: its version is honoured as the expected one.
        ApiClient.Response stale = api.send("PUT", "/api/inventory/" + id, ann.accessToken(), read.toString(), Map.of());
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("current")).isEqualTo(put.json());
    }

    @Test
    void a_sold_item_read_back_and_sent_again_keeps_its_sale() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Chair", "30", "active").get("id").asText();
        api.patch("/api/inventory/" + id + "/sold", ann.accessToken(), Map.of("soldPrice", 25, "platform", "ebay"));
        ObjectNode read = (ObjectNode) api.get("/api/inventory/" + id, ann.accessToken()).json();

        read.put("description", "Oak, 1960s");
        JsonNode put = api.send("PUT", "/api/inventory/" + id, ann.accessToken(), read.toString(), Map.of()).json();

        assertThat(put.get("status").asText()).isEqualTo("sold");
        assertThat(put.get("soldPrice")).isEqualTo(read.get("soldPrice"));
        assertThat(put.get("soldAt")).isEqualTo(read.get("soldAt"));
        assertThat(put.get("description").asText()).isEqualTo("Oak, 1960s");
    }

    @Test
    void prices_may_be_json_numbers_or_strings_with_the_currency_beside_them() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Map<String, Object> body = new LinkedHashMap<>(Map.of("title", "Camera", "price", 79.99, "cost", "12.5",
                "currency", "EUR"));

        JsonNode created = api.post("/api/inventory", ann.accessToken(), body).json();

        assertThat(created.get("price")).isEqualTo(ApiClient.JSON.valueToTree(Map.of("amount", "79.99", "currency", "EUR")));
        assertThat(created.get("cost")).isEqualTo(ApiClient.JSON.valueToTree(Map.of("amount", "12.50", "currency", "EUR")));
        JsonNode usd = api.post("/api/inventory", ann.accessToken(), Map.of("title", "Lens", "price", 5)).json();
        assertThat(usd.at("/price/currency").asText()).isEqualTo("USD");
    }

    @Test
    void a_bad_body_lists_every_problem_at_once_and_changes_nothing() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response bad = api.post("/api/inventory", ann.accessToken(), Map.of("title", 5, "price", Map.of("amount", "abc"),
                "condition", "mint", "colour", "red", "status", "gone"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsText("field"))
                .contains("title", "price.amount", "colour");
        assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).isEmpty();
    }

    @Test
    void patch_changes_only_the_fields_sent_and_null_clears_an_optional_one() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Map<String, Object> body = ApiClient.item("Lamp", "10");
        body.put("category", "Home");
        body.put("sku", "L-1");
        body.put("price", Map.of("amount", "10", "currency", "EUR"));
        String id = api.post("/api/inventory", ann.accessToken(), body).json().get("id").asText();

        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("title", "Brass lamp");
        patch.put("sku", null);
        patch.put("price", Map.of("amount", "12"));
        JsonNode patched = api.patch("/api/inventory/" + id, ann.accessToken(), patch).json();

        assertThat(patched.get("title").asText()).isEqualTo("Brass lamp");
        assertThat(patched.get("sku").isNull()).isTrue();
        assertThat(patched.get("category").asText()).isEqualTo("Home");
        assertThat(patched.get("price")).isEqualTo(ApiClient.JSON.valueToTree(Map.of("amount", "12.00", "currency", "EUR")));
        assertThat(api.patch("/api/inventory/" + id, ann.accessToken(), Map.of("status", "sold")).status()).isEqualTo(409);
        assertThat(api.patch("/api/inventory/" + id, ann.accessToken(), Map.of("title", "")).status()).isEqualTo(400);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("title").asText()).isEqualTo("Brass lamp");
    }

    @Test
    void etags_make_conditional_reads_and_writes() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Response created = api.post("/api/inventory", ann.accessToken(), ApiClient.item("Lamp", "10"));
        String id = created.json().get("id").asText();
        String etag = created.header("ETag");
        assertThat(etag).isEqualTo("\"v" + created.json().get("version").asLong() + "\"");

        ApiClient.Response notModified = api.send("GET", "/api/inventory/" + id, ann.accessToken(), null, Map.of("If-None-Match", etag));
        assertThat(notModified.status()).isEqualTo(304);

        ApiClient.Response first = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(),
                ApiClient.json(Map.of("title", "A")), Map.of("If-Match", etag));
        ApiClient.Response second = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(),
                ApiClient.json(Map.of("title", "B")), Map.of("If-Match", etag));
        ApiClient.Response garbage = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(),
                ApiClient.json(Map.of("title", "C")), Map.of("If-Match", "yesterday"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).isNotEqualTo(etag);
        assertThat(second.status()).isEqualTo(412);
        assertThat(second.json().at("/current/title").asText()).isEqualTo("A");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("title").asText()).isEqualTo("A");
    }

    @Test
    void another_users_item_cannot_be_patched() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();

        assertThat(api.patch("/api/inventory/" + id, bob.accessToken(), Map.of("title", "Mine")).status()).isEqualTo(404);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("title").asText()).isEqualTo("Lamp");
    }

    private String soldItem(ApiClient.User user) {
        String id = api.createItem(user, "Chair", "30", "active").get("id").asText();
        api.patch("/api/inventory/" + id + "/sold", user.accessToken(),
                Map.of("soldAt", "2026-01-02T03:04:05Z", "soldPrice", "9", "soldPlatform", "ebay"));
        return id;
    }

    @Test
    void patching_one_sale_field_keeps_the_others() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = soldItem(ann);

        JsonNode patched = api.patch("/api/inventory/" + id, ann.accessToken(), Map.of("soldPrice", "8")).json();

        assertThat(patched.at("/soldPrice/amount").asText()).isEqualTo("8.00");
        assertThat(patched.get("soldAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(patched.get("soldPlatform").asText()).isEqualTo("ebay");
        Map<String, Object> clear = new LinkedHashMap<>();
        clear.put("soldPlatform", null);
        assertThat(api.patch("/api/inventory/" + id, ann.accessToken(), clear).json().get("soldPlatform").isNull()).isTrue();
    }

    @Test
    void a_sold_item_is_relisted_by_patch_or_by_sending_back_what_get_showed_with_another_status() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String first = soldItem(ann);
        String second = soldItem(ann);

        ApiClient.Response patched = api.patch("/api/inventory/" + first, ann.accessToken(), Map.of("status", "active"));
        ObjectNode read = (ObjectNode) api.get("/api/inventory/" + second, ann.accessToken()).json();
        read.put("status", "active");
        ApiClient.Response put = api.send("PUT", "/api/inventory/" + second, ann.accessToken(), read.toString(), Map.of());

        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("soldAt").isNull()).isTrue();
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("status").asText()).isEqualTo("active");
        assertThat(put.json().get("soldPrice").isNull()).isTrue();
    }

    @Test
    void prices_are_exact_decimals_and_absurd_numbers_are_refused() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        for (String price : new String[]{"19.9999999999999999", "1e999999", "-1e999999", "1e-400"}) {
            ApiClient.Response answer = api.send("POST", "/api/inventory", ann.accessToken(),
                    "{\"title\":\"x\",\"price\":" + price + "}", Map.of());
            assertThat(answer.status()).as(price).isEqualTo(400);
            assertThat(answer.json().at("/errors/0/field").asText()).as(price).startsWith("price");
        }
        assertThat(api.send("POST", "/api/inventory", ann.accessToken(), "{\"title\":\"A\",\"title\":\"B\",\"price\":1}",
                Map.of()).status()).as("a key sent twice").isEqualTo(400);
        assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).isEmpty();
    }

    @Test
    void sale_and_bulk_bodies_list_every_problem_at_once() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Chair", "30", "active").get("id").asText();

        ApiClient.Response sale = api.patch("/api/inventory/" + id + "/sold", ann.accessToken(),
                Map.of("platform", 5, "soldAt", "x", "soldPrice", "-1", "z", 1));
        ApiClient.Response bulk = api.post("/api/inventory/bulk", ann.accessToken(),
                Map.of("action", "zap", "ids", "x", "sale", 5, "z", 1));

        assertThat(sale.json().get("errors").findValuesAsText("field")).contains("platform", "soldAt", "z");
        assertThat(bulk.json().get("errors").findValuesAsText("field")).contains("action", "ids", "sale", "z");
        assertThat(api.patch("/api/inventory/" + id + "/sold", ann.accessToken(), Map.of("soldPlatform", "ebay"))
                .json().get("soldPlatform").asText()).isEqualTo("ebay");
    }

    @Test
    void delete_sale_and_photo_writes_honour_if_match_and_photo_writes_return_the_new_etag() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Response created = api.post("/api/inventory", ann.accessToken(), ApiClient.item("Lamp", "10"));
        String id = created.json().get("id").asText();
        String etag = created.header("ETag");

        ApiClient.Response upload = api.upload("/api/inventory/" + id + "/images", ann.accessToken(),
                java.util.List.of(new ApiClient.Part("a.jpg", "image/jpeg", com.llatria.adapters.storage.testing.TestImages.jpeg(32, 24))));
        assertThat(upload.header("ETag")).isEqualTo("\"v2\"");
        assertThat(upload.json().get("itemVersion").asLong()).isEqualTo(2);

        assertThat(api.send("DELETE", "/api/inventory/" + id, ann.accessToken(), null, Map.of("If-Match", etag)).status())
                .isEqualTo(412);
        assertThat(api.send("DELETE", "/api/inventory/" + id, ann.accessToken(), null, Map.of("If-Match", "W/\"v2\"")).status())
                .as("a weak tag never matches strongly").isEqualTo(412);
        assertThat(api.send("GET", "/api/inventory/" + id, ann.accessToken(), null, Map.of("If-None-Match", "W/\"v2\"")).status())
                .as("If-None-Match compares weakly").isEqualTo(304);
        assertThat(api.send("DELETE", "/api/inventory/" + id, ann.accessToken(), null, Map.of("If-Match", "\"v1\", \"v2\"")).status())
                .isEqualTo(204);
    }

    @Test
    void a_deleted_items_id_is_refused_on_create_without_showing_the_tombstone() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Map<String, Object> body = ApiClient.item("Lamp", "10");
        String id = UUID.randomUUID().toString();
        body.put("id", id);
        api.post("/api/inventory", ann.accessToken(), body);
        api.delete("/api/inventory/" + id, ann.accessToken());

        ApiClient.Response again = api.post("/api/inventory", ann.accessToken(), body);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().has("current")).isFalse();
        body.put("id", "1-2-3-4-5");
        assertThat(api.post("/api/inventory", ann.accessToken(), body).json().at("/errors/0/field").asText()).isEqualTo("id");
    }

    @Test
    void a_body_that_is_not_json_is_refused_for_its_content_type() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();

        for (String type : new String[]{"text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1"}) {
            ApiClient.Response answer = api.send("PATCH", "/api/inventory/" + id, ann.accessToken(),
                    ApiClient.json(Map.of("title", "Changed")), Map.of("Content-Type", type));
            assertThat(answer.status()).as(type).isEqualTo(415);
        }
        assertThat(api.send("PATCH", "/api/inventory/" + id, ann.accessToken(), ApiClient.json(Map.of("title", "Merged")),
                Map.of("Content-Type", "application/merge-patch+json")).status()).isEqualTo(200);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("title").asText()).isEqualTo("Merged");
    }
}
