package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/platforms/credentials merges settings (finding 9.32): changing one never erases the others. */
class PlatformSettingsApiTest extends ServerFixture {

    JsonNode save(ApiClient.User user, String platform, Map<String, String> settings) {
        ApiClient.Response saved = api.post("/api/platforms/credentials", user.accessToken(), Map.of("platform", platform, "settings", settings));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        return saved.json().get("settings");
    }

    @Test
    void saving_one_setting_keeps_the_others_and_null_deletes_one() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        save(ann, "ebay", Map.of("fulfillmentPolicyId", "6196932000", "paymentPolicyId", "6196933000",
                "returnPolicyId", "6196934000", "merchantLocationKey", "home"));

        JsonNode changed = save(ann, "ebay", Map.of("merchantLocationKey", "loc2"));
        assertThat(changed.get("merchantLocationKey").asText()).isEqualTo("loc2");
        assertThat(changed.get("fulfillmentPolicyId").asText()).isEqualTo("6196932000");
        assertThat(changed.get("paymentPolicyId").asText()).isEqualTo("6196933000");
        assertThat(changed.get("returnPolicyId").asText()).isEqualTo("6196934000");

        Map<String, String> delete = new HashMap<>();
        delete.put("returnPolicyId", null);
        JsonNode deleted = save(ann, "ebay", delete);
        assertThat(deleted.has("returnPolicyId")).isFalse();
        assertThat(deleted.size()).isEqualTo(3);

        save(ann, "facebook", Map.of("catalogId", "998877"));
        JsonNode facebook = save(ann, "facebook", Map.of("storefrontUrl", "https://shop.example.com/items/{sku}"));
        assertThat(facebook.get("catalogId").asText()).as("the catalog is not erased by saving the shop's address").isEqualTo("998877");
        JsonNode listed = api.get("/api/platforms/credentials", ann.accessToken()).json();
        for (JsonNode account : listed.get("accounts")) {
            if (account.get("platform").asText().equals("ebay")) assertThat(account.get("settings").size()).isEqualTo(3);
        }
    }

    @Test
    void a_bad_setting_in_a_merge_changes_nothing() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        save(ann, "ebay", Map.of("merchantLocationKey", "home"));
        ApiClient.Response bad = api.post("/api/platforms/credentials", ann.accessToken(),
                Map.of("platform", "ebay", "settings", Map.of("merchantLocationKey", "loc2", "paymentPolicyId", " ")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/field").asText()).isEqualTo("settings.paymentPolicyId");
        assertThat(save(ann, "ebay", Map.of()).get("merchantLocationKey").asText()).isEqualTo("home");
    }
}
