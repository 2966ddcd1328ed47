package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** OWASP API1 (BOLA): every endpoint and method, with another user's ids, answers 404 and changes nothing. */
class TenantIsolationTest extends ServerFixture {

    @Test
    void another_users_items_are_invisible_and_untouchable_on_every_endpoint() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        JsonNode draft = api.createItem(ann, "Ann's lamp", "10", null);
        JsonNode active = api.createItem(ann, "Ann's chair", "20", "active");
        String draftPath = "/api/inventory/" + draft.get("id").asText();
        String activePath = "/api/inventory/" + active.get("id").asText();

        List<ApiClient.Response> attempts = List.of(
                api.get(draftPath, bob.accessToken()),
                api.put(draftPath, bob.accessToken(), ApiClient.item("Bob's now", "1")),
                api.delete(draftPath, bob.accessToken()),
                api.patch(activePath + "/sold", bob.accessToken(), null),
                api.patch(activePath + "/sold", bob.accessToken(), Map.of("platform", "ebay")));
        for (ApiClient.Response attempt : attempts) {
            assertThat(attempt.status()).as(attempt.raw().request().method() + " " + attempt.raw().request().uri()).isEqualTo(404);
            assertThat(attempt.body()).doesNotContain("Ann's");
        }

        JsonNode bulk = api.post("/api/inventory/bulk", bob.accessToken(),
                Map.of("action", "delete", "ids", List.of(draft.get("id").asText(), active.get("id").asText()))).json();
        assertThat(bulk.get("results").findValuesAsText("outcome")).containsExactly("not_found", "not_found");
        assertThat(api.post("/api/inventory/bulk", bob.accessToken(),
                Map.of("action", "mark_sold", "ids", List.of(active.get("id").asText()))).json().at("/results/0/outcome").asText())
                .isEqualTo("not_found");

        Map<String, Object> sameId = ApiClient.item("Ann's lamp", "10");
        sameId.put("id", draft.get("id").asText());
        ApiClient.Response takeover = api.post("/api/inventory", bob.accessToken(), sameId);
        assertThat(takeover.status()).isEqualTo(409);
        assertThat(takeover.json().has("current")).as("nothing of Ann's item is revealed").isFalse();

        assertThat(api.get("/api/inventory", bob.accessToken()).json().get("items")).isEmpty();
        assertThat(api.get("/api/inventory?q=Ann", bob.accessToken()).json().get("items")).isEmpty();

        assertThat(api.get(draftPath, ann.accessToken()).json()).isEqualTo(draft);
        assertThat(api.get(activePath, ann.accessToken()).json()).isEqualTo(active);
        assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).hasSize(2);
    }

    @Test
    void every_inventory_endpoint_needs_a_signed_in_user() {
        String id = "/api/inventory/00000000-0000-4000-8000-000000000001";
        List<ApiClient.Response> anonymous = List.of(
                api.get("/api/inventory", null), api.post("/api/inventory", null, ApiClient.item("x", "1")),
                api.get(id, null), api.put(id, null, ApiClient.item("x", "1")), api.delete(id, null),
                api.patch(id + "/sold", null, null), api.post("/api/inventory/bulk", null, Map.of("action", "delete", "ids", List.of())),
                api.post("/api/auth/password", null, Map.of()), api.get("/api/auth/me", null));
        for (ApiClient.Response r : anonymous) {
            assertThat(r.status()).as(r.raw().request().method() + " " + r.raw().request().uri()).isEqualTo(401);
        }
    }
}
