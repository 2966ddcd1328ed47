package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

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
}
