package com.llatria.adapters.ai;

import com.llatria.adapters.ai.fake.FakeModelServer;
import com.llatria.adapters.ai.fake.FakeOpenAi;
import com.llatria.adapters.ai.fake.SampleAnswers;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure.Reason;
import com.llatria.domain.ai.ItemRecognizer;
import com.llatria.domain.ai.Photo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiAdapterTest extends ItemRecognizerContract {
    static final String KEY = "sk-test-0123456789";

    @Override
    protected FakeModelServer startFake() {
        return new FakeOpenAi();
    }

    @Override
    protected ItemRecognizer adapter(FakeModelServer fake, Duration timeout, Backoff backoff) {
        return adapter(fake, Optional.of(KEY), timeout, backoff);
    }

    private static OpenAiAdapter adapter(FakeModelServer fake, Optional<String> key, Duration timeout, Backoff backoff) {
        return new OpenAiAdapter(new ProviderSettings(fake.baseUrl(), key, "gpt-4o-mini", timeout, 2000, backoff),
                HTTP, CLOCK, seeded());
    }

    @Override
    protected AiProvider provider() {
        return AiProvider.OPENAI;
    }

    @Override
    protected void assertAuthenticated(FakeModelServer.Recorded request) {
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.headers()).containsEntry("authorization", "Bearer " + KEY);
    }

    @Override
    protected Reason quotaReason() {
        return Reason.QUOTA_EXHAUSTED;
    }

    @Test
    void the_request_uses_strict_structured_output_and_a_data_url() {
        recognizer.recognize(List.of(new Photo(PHOTO, "image/png")), BUDGET);

        var body = fake.requests().get(0).body();
        assertThat(body.at("/model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(body.at("/response_format/json_schema/strict").asBoolean()).isTrue();
        var schema = body.at("/response_format/json_schema/schema");
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
        assertThat(schema.get("required")).hasSize(schema.get("properties").size());
        var image = body.at("/messages/1/content/1");
        assertThat(image.at("/type").asText()).isEqualTo("image_url");
        assertThat(image.at("/image_url/url").asText()).startsWith("data:image/png;base64,");
    }

    @Test
    void a_local_server_needs_no_key() {
        recognizer = adapter(fake, Optional.empty(), TIMEOUT, FAST);
        fake.always(fake.ok(SampleAnswers.CAMERA));

        assertThat(recognizer.recognize(List.of(new Photo(PHOTO, "image/jpeg")), BUDGET).value().brand()).contains("Canon");
        assertThat(fake.requests().get(0).headers()).doesNotContainKey("authorization");
    }
}
