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
            throw unusable(e.getMessage());
        } catch (RuntimeException e) {
            // Whatever else an answer can trip (8.2): unusable, like invalid JSON, never a 500.
            throw unusable("the answer could not be read: " + e.getClass().getSimpleName());
        }
    }

    AiAnswer<String> asDescription() {
        try {
            return new AiAnswer<>(UntrustedAnswer.description(UntrustedAnswer.parse(text)), usage);
        } catch (UntrustedAnswer.Unusable e) {
            throw unusable(e.getMessage());
        } catch (RuntimeException e) {
            throw unusable("the answer could not be read: " + e.getClass().getSimpleName());
        }
    }

    private AiProviderFailure unusable(String message) {
        return new AiProviderFailure(usage.provider(), Reason.INVALID_ANSWER, message, Optional.empty(), Optional.of(usage));
    }
}
