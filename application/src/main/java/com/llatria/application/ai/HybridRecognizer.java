package com.llatria.application.ai;

import com.llatria.domain.ai.AiAnswer;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.CallBudget;
import com.llatria.domain.ai.ItemRecognizer;
import com.llatria.domain.ai.Photo;
import com.llatria.domain.ai.Recognition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The design's hybrid: ask the primary provider; ask the other one too when the primary fails or
 * is not sure enough (confidence under the threshold), and keep the surer answer. Every call is
 * reported as an {@link Attempt}, so each one's cost is recorded, whoever answered.
 */
public final class HybridRecognizer {
    private final ItemRecognizer primary;
    private final Optional<ItemRecognizer> escalation;
    private final double threshold;

    public HybridRecognizer(ItemRecognizer primary, Optional<ItemRecognizer> escalation, double threshold) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.escalation = Objects.requireNonNull(escalation, "escalation");
        if (threshold < 0 || threshold > 1) throw new IllegalArgumentException("threshold is 0-1");
        this.threshold = threshold;
    }

    /** One provider call: who, and either its cost or its failure (a failure may have cost tokens too). */
    public record Attempt(AiProvider provider, String model, Optional<AiUsage> usage, Optional<AiProviderFailure> failure) {
        public String outcome() {
            return failure.map(f -> f.reason().name().toLowerCase(java.util.Locale.ROOT)).orElse("ok");
        }

        /** Turned away by the owner's daily allowance: no request was sent, nothing to record. */
        public boolean allowanceSpent() {
            return failure.map(f -> f.reason() == AiProviderFailure.Reason.ALLOWANCE_SPENT).orElse(false);
        }
    }

    public sealed interface Result {
        List<Attempt> attempts();

        record Recognized(AiAnswer<Recognition> answer, boolean escalated, List<Attempt> attempts) implements Result {
        }

        /** No provider gave a usable answer; {@code failure} is the one to report (the primary's unless it was only the first of two). */
        record Failed(AiProviderFailure failure, List<Attempt> attempts) implements Result {
        }
    }

    public ItemRecognizer primary() {
        return primary;
    }

    public Optional<ItemRecognizer> escalation() {
        return escalation;
    }

    public double threshold() {
        return threshold;
    }

    /** Both providers share {@code budget}: the escalation gets what time and calls the primary left. */
    public Result recognize(List<Photo> photos, CallBudget budget) {
        List<Attempt> attempts = new ArrayList<>();
        Optional<AiAnswer<Recognition>> first = call(primary, photos, budget, attempts);
        if (first.isPresent() && (first.get().value().confidence() >= threshold || escalation.isEmpty())) {
            return new Result.Recognized(first.get(), false, attempts);
        }
        if (escalation.isEmpty() || spent(attempts)) return failed(attempts);
        Optional<AiAnswer<Recognition>> second = call(escalation.get(), photos, budget, attempts);
        // Escalated means the other provider was really asked: one the allowance refused was not.
        boolean asked = !attempts.get(attempts.size() - 1).allowanceSpent();
        if (first.isEmpty() && second.isEmpty()) return failed(attempts);
        if (first.isEmpty()) return new Result.Recognized(second.get(), true, attempts);
        if (second.isEmpty()) return new Result.Recognized(first.get(), asked, attempts);
        AiAnswer<Recognition> surer = second.get().value().confidence() > first.get().value().confidence() ? second.get() : first.get();
        return new Result.Recognized(surer, true, attempts);
    }

    /** The allowance was spent before the primary could be asked: the other provider would be refused too. */
    private static boolean spent(List<Attempt> attempts) {
        return attempts.stream().anyMatch(Attempt::allowanceSpent);
    }

    private static Optional<AiAnswer<Recognition>> call(ItemRecognizer recognizer, List<Photo> photos, CallBudget budget,
                                                        List<Attempt> attempts) {
        try {
            AiAnswer<Recognition> answer = recognizer.recognize(photos, budget);
            attempts.add(new Attempt(recognizer.provider(), answer.usage().model(), Optional.of(answer.usage()), Optional.empty()));
            return Optional.of(answer);
        } catch (AiProviderFailure failure) {
            attempts.add(new Attempt(recognizer.provider(), recognizer.model(), failure.usage(), Optional.of(failure)));
            return Optional.empty();
        }
    }

    /**
     * Both failed: report the failure the client can act on. The daily allowance first (the
     * user's own limit, said as such); then a transient one (come back later) beats a permanent
     * one, so a client is not told "quota exhausted" when the other provider merely asked for a
     * minute's pause.
     */
    private static Result failed(List<Attempt> attempts) {
        List<AiProviderFailure> failures = attempts.stream().flatMap(a -> a.failure().stream()).toList();
        AiProviderFailure report = failures.stream().filter(f -> f.reason() == AiProviderFailure.Reason.ALLOWANCE_SPENT).findFirst()
                .or(() -> failures.stream().filter(f -> f.reason().isTransient()).findFirst()).orElse(failures.get(0));
        return new Result.Failed(report, attempts);
    }
}
