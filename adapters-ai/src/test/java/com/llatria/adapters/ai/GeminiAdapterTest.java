package com.llatria.adapters.ai;

import com.llatria.adapters.ai.fake.FakeGemini;
import com.llatria.adapters.ai.fake.FakeModelServer;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure;
import com.llatria.domain.ai.AiProviderFailure.Reason;
import com.llatria.domain.ai.ItemRecognizer;
import com.llatria.domain.ai.Photo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GeminiAdapterTest extends ItemRecognizerContract {
    static final String KEY = "AIza-test-key";

    @Override
    protected FakeModelServer startFake() {
        return new FakeGemini();
    }

    @Override
    protected ItemRecognizer adapter(FakeModelServer fake, Duration timeout, Backoff backoff) {
        return new GeminiAdapter(new ProviderSettings(fake.baseUrl(), Optional.of(KEY), "gemini-2.5-flash", timeout, 2000, backoff),
                HTTP, CLOCK, seeded());
    }

    @Override
    protected AiProvider provider() {
        return AiProvider.GEMINI;
    }

    @Override
    protected void assertAuthenticated(FakeModelServer.Recorded request) {
        assertThat(request.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(request.headers()).containsEntry("x-goog-api-key", KEY).doesNotContainKey("authorization");
    }

    /** Gemini says "quota" with a 429 and a wait of hours: too long to wait, so it fails at once, saying when. */
    @Override
    protected Reason quotaReason() {
        return Reason.RATE_LIMITED;
    }

    @Test
    void the_request_carries_the_photo_as_inline_data_and_asks_for_json_against_a_schema() {
        recognizer.recognize(List.of(new Photo(PHOTO, "image/webp")), BUDGET);

        var body = fake.requests().get(0).body();
        var inline = body.at("/contents/0/parts/1/inline_data");
        assertThat(inline.at("/mime_type").asText()).isEqualTo("image/webp");
        assertThat(inline.at("/data").asText()).doesNotStartWith("data:");
        assertThat(body.at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
        assertThat(body.at("/generationConfig/responseSchema/type").asText()).isEqualTo("OBJECT");
    }

    @Test
    void a_400_is_never_retried_and_404_neither() {
        fake.always(fake.rejected());
        catchThrowableOfType(AiProviderFailure.class, () -> recognizer.recognize(List.of(new Photo(PHOTO, "image/jpeg")), BUDGET));
        assertThat(fake.calls()).isEqualTo(1);
    }

    @Test
    void a_504_is_retried() {
        fake.next(fake.serverError(504));

        assertThat(recognizer.recognize(List.of(new Photo(PHOTO, "image/jpeg")), BUDGET).value().title()).startsWith("Levi's");
        assertThat(fake.calls()).isEqualTo(2);
    }
}
