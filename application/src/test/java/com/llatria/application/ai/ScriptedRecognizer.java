package com.llatria.application.ai;

import com.llatria.domain.ai.AiAnswer;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.CallBudget;
import com.llatria.domain.ai.DescriptionBrief;
import com.llatria.domain.ai.DescriptionWriter;
import com.llatria.domain.ai.ItemRecognizer;
import com.llatria.domain.ai.Photo;
import com.llatria.domain.ai.Recognition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider for use-case tests: answers from a script (a recognition of a given confidence, or
 * a failure), counts its calls, and can hold every call until released. The HTTP adapters have
 * their own contract tests against fake servers; here the policy around them is under test.
 */
final class ScriptedRecognizer implements ItemRecognizer, DescriptionWriter {
    private final AiProvider provider;
    private final Deque<Object> script = new ArrayDeque<>();
    private volatile Object standing;
    final AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    final CountDownLatch entered = new CountDownLatch(1);

    ScriptedRecognizer(AiProvider provider, double confidence) {
        this.provider = provider;
        this.standing = recognition("Levi's 501 jeans", confidence);
    }

    static Recognition recognition(String title, double confidence) {
        return new Recognition(title, confidence, title, "Classic jeans.", Optional.empty(), Optional.empty(), Optional.of("Levi's"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.of(com.llatria.domain.item.Money.usd("45.00")), Optional.of(com.llatria.domain.item.Money.usd("39.99")), "", List.of());
    }

    synchronized ScriptedRecognizer then(Object answerOrFailure) {
        script.add(answerOrFailure);
        return this;
    }

    ScriptedRecognizer always(Object answerOrFailure) {
        standing = answerOrFailure;
        return this;
    }

    ScriptedRecognizer holdCalls() {
        hold = new CountDownLatch(1);
        return this;
    }

    void release() {
        hold.countDown();
    }

    AiProviderFailure failure(AiProviderFailure.Reason reason) {
        return new AiProviderFailure(provider, reason, provider.wireName() + " failed: " + reason,
                reason == AiProviderFailure.Reason.RATE_LIMITED ? Optional.of(Duration.ofSeconds(30)) : Optional.empty(), Optional.empty());
    }

    /** As the adapters do: one call from the allowance per request sent, none sent without one. */
    private void takeFrom(CallBudget budget) {
        if (!budget.allowance().tryTake()) {
            throw new AiProviderFailure(provider, AiProviderFailure.Reason.ALLOWANCE_SPENT, "the daily allowance is spent");
        }
    }

    @Override
    public AiProvider provider() {
        return provider;
    }

    @Override
    public String model() {
        return provider.wireName() + "-model";
    }

    @Override
    public AiAnswer<Recognition> recognize(List<Photo> photos, CallBudget budget) {
        takeFrom(budget);
        calls.incrementAndGet();
        entered.countDown();
        try {
            if (!hold.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("held too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object next;
        synchronized (this) {
            next = script.isEmpty() ? standing : script.poll();
        }
        if (next instanceof AiProviderFailure failure) throw failure;
        return new AiAnswer<>((Recognition) next, new AiUsage(provider, model(), 1000, 50, Duration.ofMillis(5)));
    }

    @Override
    public AiAnswer<String> describe(DescriptionBrief brief, CallBudget budget) {
        takeFrom(budget);
        calls.incrementAndGet();
        entered.countDown();
        try {
            if (!hold.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("held too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object next;
        synchronized (this) {
            next = script.isEmpty() ? standing : script.poll();
        }
        if (next instanceof AiProviderFailure failure) throw failure;
        return new AiAnswer<>("A fine " + brief.title() + ".", new AiUsage(provider, model(), 300, 80, Duration.ofMillis(5)));
    }
}
