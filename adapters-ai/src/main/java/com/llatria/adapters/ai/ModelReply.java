package com.llatria.adapters.ai;

import com.llatria.domain.ai.AiAnswer;
import com.llatria.domain.ai.AiProviderFailure;
import com.llatria.domain.ai.AiProviderFailure.Reason;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.Recognition;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

/** The text a model answered and what it cost, before validation. */
record ModelReply(String text, AiUsage usage) {

    AiAnswer<Recognition> asRecognition(Clock clock) {
        try {
            int nextYear = clock.instant().atZone(ZoneOffset.UTC).getYear() + 1;
            return new AiAnswer<>(UntrustedAnswer.recognition(UntrustedAnswer.parse(text), nextYear), usage);
        } catch (UntrustedAnswer.Unusable e) {
            throw unusable(e);
        }
    }

    AiAnswer<String> asDescription() {
        try {
            return new AiAnswer<>(UntrustedAnswer.description(UntrustedAnswer.parse(text)), usage);
        } catch (UntrustedAnswer.Unusable e) {
            throw unusable(e);
        }
    }

    private AiProviderFailure unusable(UntrustedAnswer.Unusable e) {
        return new AiProviderFailure(usage.provider(), Reason.INVALID_ANSWER, e.getMessage(), Optional.empty(), Optional.of(usage));
    }
}
