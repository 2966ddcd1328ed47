package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryApiTest extends ServerFixture {

    private List<Long> changeVersions(String userId) throws Exception {
        List<Long> versions = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select version, device_id from change_log where owner_id = ?::uuid order by version")) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) versions.add(rs.getLong(1));
            }
        }
        return versions;
    }

    @Test
    void an_item_goes_from_created_to_listed_edited_sold_and_deleted() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Map<String, Object> body = ApiClient.item("Vintage Levi's 501", "45");
        body.put("description", "Light wash, 32x32");
        body.put("condition", "used");
        body.put("category", "Clothing");
        body.put("sku", "LEV-501");
        body.put("cost", Map.of("amount", 8, "currency", "USD"));

        ApiClient.Response created = api.post("/api/inventory", ann.accessToken(), body);
        assertThat(created.status()).isEqualTo(201);
        JsonNode item = created.json();
        String id = item.get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/inventory/" + id);
        assertThat(item.get("price")).isEqualTo(ApiClient.JSON.readTree("{\"amount\":\"45.00\",\"currency\":\"USD\"}"));
        assertThat(item.get("status").asText()).isEqualTo("draft");
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json()).isEqualTo(item);

        body.put("status", "active");
        body.put("expectedVersion", item.get("version").asLong());
        JsonNode active = api.put("/api/inventory/" + id, ann.accessToken(), body).json();
        assertThat(active.get("status").asText()).isEqualTo("active");
        assertThat(active.get("version").asLong()).isGreaterThan(item.get("version").asLong());

        ApiClient.Response sold = api.patch("/api/inventory/" + id + "/sold", ann.accessToken(),
                Map.of("soldPrice", Map.of("amount", "40.00"), "platform", "ebay"));
        assertThat(sold.status()).isEqualTo(200);
        assertThat(sold.json().get("status").asText()).isEqualTo("sold");
        assertThat(sold.json().get("soldPlatform").asText()).isEqualTo("ebay");
        assertThat(sold.json().at("/soldPrice/amount").asText()).isEqualTo("40.00");
        assertThat(sold.json().get("soldAt").isNull()).isFalse();

        assertThat(api.delete("/api/inventory/" + id, ann.accessToken()).status()).isEqualTo(204);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).status()).isEqualTo(404);
        assertThat(api.delete("/api/inventory/" + id, ann.accessToken()).status()).as("deleting twice is harmless").isEqualTo(204);
        assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).isEmpty();

        assertThat(changeVersions(ann.id())).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void an_offline_create_sent_twice_is_stored_once_and_a_clash_shows_the_stored_item() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = ApiClient.item("Lamp", "12.5");
        body.put("id", id);

        ApiClient.Response first = api.post("/api/inventory", ann.accessToken(), body);
        ApiClient.Response retry = api.post("/api/inventory", ann.accessToken(), body);
        body.put("title", "Another lamp");
        ApiClient.Response clash = api.post("/api/inventory", ann.accessToken(), body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("id").asText()).isEqualTo(id);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(clash.status()).isEqualTo(409);
        assertThat(clash.json().at("/current/title").asText()).isEqualTo("Lamp");
        assertThat(changeVersions(ann.id())).hasSize(1);
    }

    @Test
    void a_stale_update_is_refused_with_the_current_item_and_changes_nothing() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        JsonNode item = api.createItem(ann, "Lamp", "10", null);
        String id = item.get("id").asText();
        Map<String, Object> edit = ApiClient.item("Brass lamp", "10");
        edit.put("expectedVersion", item.get("version").asLong());
        JsonNode edited = api.put("/api/inventory/" + id, ann.accessToken(), edit).json();

        Map<String, Object> stale = ApiClient.item("Copper lamp", "10");
        stale.put("expectedVersion", item.get("version").asLong());
        ApiClient.Response refused = api.put("/api/inventory/" + id, ann.accessToken(), stale);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:llatria:problem:stale-version");
        assertThat(refused.json().get("current")).isEqualTo(edited);
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("title").asText()).isEqualTo("Brass lamp");
    }

    @Test
    void fields_the_client_may_not_set_are_refused_and_change_nothing() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        JsonNode item = api.createItem(ann, "Lamp", "10", null);
        String id = item.get("id").asText();

        Map<String, Object> withOwner = ApiClient.item("Mine", "1");
        withOwner.put("userId", bob.id());
        Map<String, Object> withVersion = ApiClient.item("Mine", "1");
        withVersion.put("version", 99);
        Map<String, Object> otherId = ApiClient.item("Mine", "1");
        otherId.put("id", UUID.randomUUID().toString());
        Map<String, Object> sold = ApiClient.item("Mine", "1");
        sold.put("status", "sold");

        assertThat(api.put("/api/inventory/" + id, ann.accessToken(), withOwner).json().at("/errors/0/field").asText()).isEqualTo("userId");
        ApiClient.Response staleVersion = api.put("/api/inventory/" + id, ann.accessToken(), withVersion);
        assertThat(staleVersion.status()).as("version is honoured as the expected version").isEqualTo(409);
        assertThat(staleVersion.json().get("type").asText()).isEqualTo("urn:llatria:problem:stale-version");
        assertThat(api.put("/api/inventory/" + id, ann.accessToken(), otherId).status()).isEqualTo(400);
        ApiClient.Response illegal = api.put("/api/inventory/" + id, ann.accessToken(), sold);
        assertThat(illegal.status()).isEqualTo(409);
        assertThat(illegal.json().get("detail").asText()).contains("from draft to sold");
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json()).isEqualTo(item);
    }

    @Test
    void malformed_bodies_get_a_clear_error_naming_the_field() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response notJson = api.send("POST", "/api/inventory", ann.accessToken(), "{title:", Map.of());
        ApiClient.Response wrongType = api.post("/api/inventory", ann.accessToken(), Map.of("title", "Lamp", "price", Map.of("amount", "abc")));
        ApiClient.Response titleNumber = api.post("/api/inventory", ann.accessToken(), Map.of("title", 5, "price", Map.of("amount", "1")));
        ApiClient.Response empty = api.send("POST", "/api/inventory", ann.accessToken(), "", Map.of());
        ApiClient.Response badDate = api.patch("/api/inventory/" + UUID.randomUUID() + "/sold", ann.accessToken(), Map.of("soldAt", "yesterday"));

        assertThat(notJson.json().at("/errors/0")).isEqualTo(ApiClient.JSON.valueToTree(Map.of("field", "body", "reason", "is not valid JSON")));
        assertThat(wrongType.json().at("/errors/0/field").asText()).isEqualTo("price.amount");
        assertThat(wrongType.json().at("/errors/0/reason").asText()).isEqualTo("must be a number");
        assertThat(titleNumber.json().at("/errors/0/field").asText()).isEqualTo("title");
        assertThat(empty.json().at("/errors/0/field").asText()).isEqualTo("body");
        assertThat(badDate.json().at("/errors/0/field").asText()).isEqualTo("soldAt");
        assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).isEmpty();
    }

    @Test
    void marking_sold_twice_or_from_draft_is_a_conflict() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String draft = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        String active = api.createItem(ann, "Chair", "10", "active").get("id").asText();

        assertThat(api.patch("/api/inventory/" + draft + "/sold", ann.accessToken(), null).status()).isEqualTo(409);
        assertThat(api.patch("/api/inventory/" + active + "/sold", ann.accessToken(), null).status()).isEqualTo(200);
        ApiClient.Response again = api.patch("/api/inventory/" + active + "/sold", ann.accessToken(), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).isEqualTo("urn:llatria:problem:illegal-transition");
    }

    @Test
    void listing_filters_sorts_and_pages_with_an_opaque_cursor() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String[] prices = {"5", "50", "15", "25", "35", "45", "10"};
        for (int i = 0; i < prices.length; i++) {
            Map<String, Object> body = ApiClient.item((i % 2 == 0 ? "Lamp " : "Chair ") + i, prices[i]);
            body.put("category", i % 2 == 0 ? "Home" : "Furniture");
            body.put("status", i < 5 ? "active" : "draft");
            api.post("/api/inventory", ann.accessToken(), body);
        }

        List<String> byPrice = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/api/inventory?sort=price&order=asc&limit=3" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = api.get(path, ann.accessToken()).json();
            page.get("items").forEach(i -> byPrice.add(i.at("/price/amount").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(byPrice).containsExactly("5.00", "10.00", "15.00", "25.00", "35.00", "45.00", "50.00");
        assertThat(pages).isEqualTo(3);
        JsonNode filtered = api.get("/api/inventory?status=active&category=Home&minPrice=10&maxPrice=40&q=LAMP", ann.accessToken()).json();
        assertThat(filtered.get("items").findValuesAsText("title")).containsExactly("Lamp 4", "Lamp 2");
    }

    @Test
    void bad_list_parameters_are_all_reported() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response r = api.get("/api/inventory?status=gone&limit=0&sort=name&minPrice=abc&cursor=xyz", ann.accessToken());
        ApiClient.Response unknown = api.get("/api/inventory?colour=red", ann.accessToken());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("status", "limit", "sort", "minPrice", "cursor");
        assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("colour");
        // An empty pair ("?limit=5&", "?&limit=5") is what URL builders make: it means nothing.
        api.createItem(ann, "A", "1", null);
        api.createItem(ann, "B", "2", null);
        for (String query : new String[]{"?limit=1&", "?&limit=1", "?limit=1&&"}) {
            ApiClient.Response page = api.get("/api/inventory" + query, ann.accessToken());
            assertThat(page.status()).as(query + " -> " + page.body()).isEqualTo(200);
            assertThat(page.json().get("items")).as(query).hasSize(1);
        }
    }

    @Test
    void a_cursor_cannot_be_reused_with_another_sort_order() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        api.createItem(ann, "A", "1", null);
        api.createItem(ann, "B", "2", null);
        String cursor = api.get("/api/inventory?limit=1", ann.accessToken()).json().get("nextCursor").asText();

        ApiClient.Response r = api.get("/api/inventory?limit=1&sort=price&cursor=" + cursor, ann.accessToken());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/reason").asText()).contains("another sort order");
    }

    @Test
    void bulk_reports_each_id_and_keeps_the_successes() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String a = api.createItem(ann, "A", "1", "active").get("id").asText();
        String b = api.createItem(ann, "B", "1", null).get("id").asText();
        String missing = UUID.randomUUID().toString();

        JsonNode results = api.post("/api/inventory/bulk", ann.accessToken(),
                Map.of("action", "mark_sold", "ids", List.of(a, b, missing), "sale", Map.of("platform", "facebook"))).json().get("results");

        assertThat(results.findValuesAsText("outcome")).containsExactly("ok", "illegal_transition", "not_found");
        assertThat(results.get(0).at("/item/soldPlatform").asText()).isEqualTo("facebook");
        assertThat(api.get("/api/inventory/" + a, ann.accessToken()).json().get("status").asText()).isEqualTo("sold");
        assertThat(api.get("/api/inventory/" + b, ann.accessToken()).json().get("status").asText()).isEqualTo("draft");

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) tooMany.add(UUID.randomUUID().toString());
        assertThat(api.post("/api/inventory/bulk", ann.accessToken(), Map.of("action", "delete", "ids", tooMany)).status()).isEqualTo(400);
        assertThat(api.post("/api/inventory/bulk", ann.accessToken(), Map.of("action", "explode", "ids", List.of(a))).status()).isEqualTo(400);
    }

    @Test
    void the_device_header_is_recorded_and_checked() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Map<String, String> phone = Map.of("X-Device-Id", "ann-iphone");

        ApiClient.Response ok = api.send("POST", "/api/inventory", ann.accessToken(), ApiClient.json(ApiClient.item("Lamp", "1")), phone);
        ApiClient.Response bad = api.send("POST", "/api/inventory", ann.accessToken(), ApiClient.json(ApiClient.item("Lamp", "1")),
                Map.of("X-Device-Id", "bad device!"));

        assertThat(ok.status()).isEqualTo(201);
        assertThat(bad.status()).isEqualTo(400);
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select device_id from change_log where owner_id = ?::uuid")) {
            s.setString(1, ann.id());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ann-iphone");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void an_id_that_is_not_a_uuid_is_a_bad_request() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response r = api.get("/api/inventory/not-a-uuid", ann.accessToken());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("id");
    }

    @Test
    void the_price_keeps_its_currency_and_rejects_fractions_of_a_cent() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Map<String, Object> euro = new LinkedHashMap<>(Map.of("title", "Lamp", "price", Map.of("amount", 19.9, "currency", "EUR")));

        assertThat(api.post("/api/inventory", ann.accessToken(), euro).json().get("price"))
                .isEqualTo(ApiClient.JSON.valueToTree(Map.of("amount", "19.90", "currency", "EUR")));
        ApiClient.Response cents = api.post("/api/inventory", ann.accessToken(), Map.of("title", "Lamp", "price", Map.of("amount", "1.005")));
        assertThat(cents.json().at("/errors/0/reason").asText()).contains("2 decimals");
    }
}
