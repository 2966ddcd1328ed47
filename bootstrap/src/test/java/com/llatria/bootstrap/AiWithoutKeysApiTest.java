package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.storage.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** No AI key at all: the server runs, recognition says what to set, suggestions work from the seller's sales. */
class AiWithoutKeysApiTest extends ServerFixture {

    @Test
    void recognition_answers_a_problem_naming_the_settings() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));

        ApiClient.Response r = api.upload("/api/ai/recognize", ann.accessToken(),
                List.of(new ApiClient.Part("a.jpg", "image/jpeg", TestImages.jpeg(200, 150))));

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).isEqualTo("urn:llatria:problem:ai-not-configured");
        assertThat(r.json().get("detail").asText()).contains("GEMINI_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL");
        assertThat(api.get("/api/ai/usage", ann.accessToken()).json().get("configured").asBoolean()).isFalse();
    }

    @Test
    void a_price_suggestion_comes_from_the_sellers_own_sales_and_says_so() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String sold = api.createItem(ann, "Pyrex mixing bowl set", "30", "active").get("id").asText();
        api.patch("/api/inventory/" + sold + "/sold", ann.accessToken(), Map.of("soldPrice", Map.of("amount", "28.00")));
        String id = api.createItem(ann, "Pyrex mixing bowl", "0", null).get("id").asText();

        JsonNode s = api.get("/api/ai/suggestions/" + id, ann.accessToken()).json();

        assertThat(s.at("/suggestedPrice/amount").asText()).isEqualTo("28.00");
        assertThat(s.at("/basis/aiConfigured").asBoolean()).isFalse();
        assertThat(s.at("/basis/marketEstimate").isNull()).isTrue();
        assertThat(s.at("/basis/soldItems/0/id").asText()).isEqualTo(sold);
    }
}
