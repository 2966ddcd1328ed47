package com.llatria.application.ai;

import com.llatria.application.ai.HybridRecognizer.Result;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure.Reason;
import com.llatria.domain.ai.CallBudget;
import com.llatria.domain.ai.Photo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HybridRecognizerTest {
    private static final List<Photo> PHOTOS = List.of(new Photo(new byte[]{1, 2, 3}, "image/jpeg"));
    private static final CallBudget BUDGET = CallBudget.of(Duration.ofMinutes(1));
    private final ScriptedRecognizer gemini = new ScriptedRecognizer(AiProvider.GEMINI, 0.9);
    private final ScriptedRecognizer openai = new ScriptedRecognizer(AiProvider.OPENAI, 0.95);
    private final HybridRecognizer hybrid = new HybridRecognizer(gemini, Optional.of(openai), 0.7);

    @Test
    void a_confident_primary_answer_is_enough() {
        Result.Recognized result = (Result.Recognized) hybrid.recognize(PHOTOS, BUDGET);

        assertThat(result.answer().usage().provider()).isEqualTo(AiProvider.GEMINI);
        assertThat(result.escalated()).isFalse();
        assertThat(openai.calls).hasValue(0);
        assertThat(result.attempts()).extracting(HybridRecognizer.Attempt::outcome).containsExactly("ok");
    }

    @Test
    void an_unsure_primary_answer_is_escalated_and_the_surer_answer_kept() {
        gemini.always(ScriptedRecognizer.recognition("Some jeans", 0.4));

        Result.Recognized result = (Result.Recognized) hybrid.recognize(PHOTOS, BUDGET);

        assertThat(result.escalated()).isTrue();
        assertThat(result.answer().usage().provider()).isEqualTo(AiProvider.OPENAI);
        assertThat(result.attempts()).hasSize(2);
    }

    @Test
    void an_escalation_less_sure_than_the_primary_keeps_the_primary() {
        gemini.always(ScriptedRecognizer.recognition("Some jeans", 0.5));
        openai.always(ScriptedRecognizer.recognition("Trousers", 0.3));

        Result.Recognized result = (Result.Recognized) hybrid.recognize(PHOTOS, BUDGET);

        assertThat(result.answer().value().title()).isEqualTo("Some jeans");
        assertThat(result.escalated()).isTrue();
    }

    @Test
    void a_failing_primary_falls_over_to_the_other_provider() {
        gemini.always(gemini.failure(Reason.UNAVAILABLE));

        Result.Recognized result = (Result.Recognized) hybrid.recognize(PHOTOS, BUDGET);

        assertThat(result.answer().usage().provider()).isEqualTo(AiProvider.OPENAI);
        assertThat(result.attempts()).extracting(HybridRecognizer.Attempt::outcome).containsExactly("unavailable", "ok");
    }

    @Test
    void an_unsure_answer_whose_escalation_fails_is_still_an_answer() {
        gemini.always(ScriptedRecognizer.recognition("Some jeans", 0.4));
        openai.always(openai.failure(Reason.QUOTA_EXHAUSTED));

        assertThat(hybrid.recognize(PHOTOS, BUDGET)).isInstanceOf(Result.Recognized.class);
    }

    @Test
    void when_both_fail_the_transient_failure_is_reported() {
        gemini.always(gemini.failure(Reason.QUOTA_EXHAUSTED));
        openai.always(openai.failure(Reason.RATE_LIMITED));

        Result.Failed result = (Result.Failed) hybrid.recognize(PHOTOS, BUDGET);

        assertThat(result.failure().reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(result.attempts()).hasSize(2);
    }

    @Test
    void a_single_provider_is_never_escalated() {
        HybridRecognizer alone = new HybridRecognizer(gemini, Optional.empty(), 0.7);
        gemini.always(ScriptedRecognizer.recognition("Some jeans", 0.2));

        Result.Recognized result = (Result.Recognized) alone.recognize(PHOTOS, BUDGET);

        assertThat(result.escalated()).isFalse();
        assertThat(result.answer().value().confidence()).isEqualTo(0.2);
    }
}
