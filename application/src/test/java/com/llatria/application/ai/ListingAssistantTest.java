package com.llatria.application.ai;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.memory.InMemoryEventBus;
import com.llatria.adapters.persistence.memory.InMemoryRecognitionCache;
import com.llatria.adapters.storage.image.ImgscalrImageProcessor;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.application.UseCaseException;
import com.llatria.application.UseCaseException.Kind;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.ItemViews;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.application.photos.PhotoPipeline;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure.Reason;
import com.llatria.domain.ai.AiUsageRecord;
import com.llatria.domain.ai.PerceptualHash;
import com.llatria.domain.ai.PerceptualHasher;
import com.llatria.domain.ai.Photo;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.RecognitionCache;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.fixtures.SequentialIds;
import com.llatria.domain.item.Item;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The assistant's policy on the in-memory adapters, with scripted providers. */
class ListingAssistantTest {
    private static final DeviceId PHONE = new DeviceId("phone");
    /** No near-duplicates and no refusals here: DifferenceHasher has its own tests, and the server tests use it. */
    private static final PerceptualHasher NO_LOOKS = new PerceptualHasher() {
        @Override
        public Optional<PerceptualHash> hash(Photo photo) {
            return Optional.empty();
        }

        @Override
        public Optional<String> refusal(Photo photo) {
            return Optional.empty();
        }
    };
    private static final AtomicInteger PHOTOS = new AtomicInteger();
    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    private final Persistence persistence = Persistence.inMemory();
    private final InMemoryImageStore store = new InMemoryImageStore("/files");
    private final ItemWriter writer = new ItemWriter(persistence.items(), persistence.changeLog(), persistence.transactions(),
            new InMemoryEventBus(), clock, new HybridLogicalClock(clock));
    private final ItemViews views = new ItemViews(persistence.images(), persistence.postings(), store);
    private final ItemPhotos photos = new ItemPhotos(persistence.items(), persistence.images(), store,
            new PhotoPipeline(new ImgscalrImageProcessor(), store, Runnable::run), writer, views, new SequentialIds(), clock);
    private final Inventory inventory = new Inventory(persistence.items(), writer, views, photos,
            new SequentialIds(), clock);
    private final ScriptedRecognizer gemini = new ScriptedRecognizer(AiProvider.GEMINI, 0.9);
    private final ScriptedRecognizer openai = new ScriptedRecognizer(AiProvider.OPENAI, 0.95);
    private final UserId ann = user();

    private ListingAssistant assistant(ListingAssistant.Providers providers, AiSettings settings) {
        return assistant(providers, settings, new InMemoryRecognitionCache(clock, 100));
    }

    private ListingAssistant assistant(ListingAssistant.Providers providers, AiSettings settings, RecognitionCache cache) {
        return new ListingAssistant(providers, new ListingAssistant.Stores(persistence.ai().aiData(), persistence.ai().usage(),
                persistence.ai().sales(), cache, NO_LOOKS),
                persistence.items(), persistence.images(), store, inventory, photos, new SequentialIds(), persistence.transactions(), clock, settings,
                Runnable::run);
    }

    private static ListingAssistant.Providers single(ScriptedRecognizer provider) {
        return new ListingAssistant.Providers(Optional.of(new HybridRecognizer(provider, Optional.empty(), 0.6)), List.of(provider));
    }

    private ListingAssistant both(AiSettings settings) {
        return assistant(new ListingAssistant.Providers(Optional.of(new HybridRecognizer(gemini, Optional.of(openai), 0.6)),
                List.of(gemini, openai)), settings);
    }

    private UserId user() {
        UserId id = new UserId(UUID.randomUUID());
        persistence.users().insert(new User(id, new Email(id + "@example.com"), "hash", clock.instant()));
        return id;
    }

    private static RecognizeRequest aPhoto() {
        byte[] bytes = TestImages.jpeg(200 + PHOTOS.incrementAndGet(), 150);
        return RecognizeRequest.photos(List.of(new PhotoUpload("p.jpg", bytes.length, () -> bytes)));
    }

    @Test
    void an_unsure_answer_is_escalated_and_every_call_is_recorded_and_counted_against_the_allowance() {
        gemini.always(ScriptedRecognizer.recognition("Some jeans", 0.4));
        ListingAssistant assistant = both(AiSettings.DEFAULT);

        RecognitionResult result = assistant.recognize(ann, PHONE, aPhoto());

        assertThat(result.usage().provider()).isEqualTo(AiProvider.OPENAI);
        assertThat(result.escalated()).isTrue();
        assertThat(assistant.usage(ann).recent()).extracting(r -> r.usage().provider()).containsExactlyInAnyOrder(AiProvider.GEMINI, AiProvider.OPENAI);
        assertThat(assistant.usage(ann).usedToday()).as("two provider calls").isEqualTo(2);
    }

    @Test
    void an_escalation_the_allowance_cannot_pay_for_is_not_made_and_the_first_answer_stands() {
        gemini.always(ScriptedRecognizer.recognition("Some jeans", 0.4));
        ListingAssistant assistant = both(AiSettings.DEFAULT.withDailyLimit(1));

        RecognitionResult result = assistant.recognize(ann, PHONE, aPhoto());
        UseCaseException next = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, aPhoto()));

        assertThat(result.usage().provider()).isEqualTo(AiProvider.GEMINI);
        assertThat(result.escalated()).as("the other provider was never asked").isFalse();
        assertThat(openai.calls).hasValue(0);
        assertThat(gemini.calls).hasValue(1);
        assertThat(assistant.usage(ann).usedToday()).isEqualTo(1);
        assertThat(assistant.usage(ann).recent()).hasSize(1);
        assertThat(next.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(next.type()).isEqualTo("ai-daily-limit");
    }

    @Test
    void two_instances_sharing_a_cache_make_one_provider_call_for_the_same_photos() throws Exception {
        InMemoryRecognitionCache shared = new InMemoryRecognitionCache(clock, 100);
        ListingAssistant first = assistant(single(gemini), AiSettings.DEFAULT, shared);
        ListingAssistant second = assistant(single(gemini), AiSettings.DEFAULT, shared);
        RecognizeRequest photo = aPhoto();
        gemini.holdCalls();
        CompletableFuture<RecognitionResult> a = CompletableFuture.supplyAsync(() -> first.recognize(ann, PHONE, photo));
        assertThat(gemini.entered.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<RecognitionResult> b = CompletableFuture.supplyAsync(() -> second.recognize(ann, PHONE, photo));
        // Time enough for the second instance to have called the provider, were it going to.
        long until = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (gemini.calls.get() < 2 && System.nanoTime() < until) Thread.onSpinWait();
        gemini.release();

        assertThat(a.get(5, TimeUnit.SECONDS).cached()).isFalse();
        assertThat(b.get(5, TimeUnit.SECONDS).cached()).as("the second waited for the first's answer").isTrue();
        assertThat(gemini.calls).hasValue(1);
    }

    @Test
    void a_request_waiting_on_another_instances_call_gives_up_at_its_deadline() {
        InMemoryRecognitionCache shared = new InMemoryRecognitionCache(clock, 100);
        ListingAssistant assistant = assistant(single(gemini), AiSettings.DEFAULT.withDeadline(Duration.ofMillis(300)), shared);
        byte[] bytes = TestImages.jpeg(180, 120);
        RecognizeRequest photo = RecognizeRequest.photos(List.of(new PhotoUpload("p.jpg", bytes.length, () -> bytes)));
        // Another instance holds the claim on these photos and never answers.
        assertThat(shared.tryClaim(PhotoHash.of(List.of(new Photo(bytes, "image/jpeg"))).scopedTo(ann), "other", Duration.ofHours(1))).isTrue();
        long started = System.nanoTime();

        UseCaseException busy = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, photo));

        assertThat(busy.type()).isEqualTo("ai-busy");
        assertThat(busy.retryAfter()).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(gemini.calls).hasValue(0);
    }

    @Test
    void one_users_burst_of_the_same_photo_holds_a_few_threads_and_the_rest_are_turned_away_at_once() throws Exception {
        ListingAssistant assistant = assistant(single(gemini), AiSettings.DEFAULT);
        RecognizeRequest photo = aPhoto();
        gemini.holdCalls();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<Object>> burst = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                burst.add(pool.submit(() -> {
                    try {
                        return assistant.recognize(ann, PHONE, photo);
                    } catch (UseCaseException e) {
                        return e;
                    }
                }));
            }
            // The turned-away answer while the provider still holds the first call.
            List<Object> early = new java.util.ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (early.size() < 12 - AiSettings.MAX_WAITING_PER_USER && System.nanoTime() < until) {
                early.clear();
                for (java.util.concurrent.Future<Object> f : burst) if (f.isDone()) early.add(f.get());
                Thread.onSpinWait();
            }
            assertThat(early).hasSize(12 - AiSettings.MAX_WAITING_PER_USER)
                    .allSatisfy(r -> assertThat(((UseCaseException) r).type()).isEqualTo("ai-busy"));
            gemini.release();
            long served = 0;
            for (java.util.concurrent.Future<Object> f : burst) if (f.get(10, TimeUnit.SECONDS) instanceof RecognitionResult) served++;
            assertThat(served).isEqualTo(AiSettings.MAX_WAITING_PER_USER);
        } finally {
            pool.shutdownNow();
        }
        assertThat(gemini.calls).hasValue(1);
    }

    @Test
    void one_users_burst_of_descriptions_is_admitted_like_recognitions_and_another_user_is_still_served() throws Exception {
        ListingAssistant assistant = assistant(single(gemini), AiSettings.DEFAULT);
        Item item = inventory.create(ann, PHONE, Optional.empty(),
                new ItemInput("Canon AE-1", "old text", new MoneyInput(new BigDecimal("99"), null), null, null, null, null, null)).view().item();
        UserId bob = user();
        Item bobs = inventory.create(bob, PHONE, Optional.empty(),
                new ItemInput("Nikon FM2", "", new MoneyInput(new BigDecimal("150"), null), null, null, null, null, null)).view().item();
        int burst = AiSettings.MAX_WAITING_PER_USER + 2;
        gemini.holdCalls();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(burst + 1);
        try {
            List<java.util.concurrent.Future<Object>> anns = new java.util.ArrayList<>();
            for (int i = 0; i < burst; i++) {
                anns.add(pool.submit(() -> {
                    try {
                        return assistant.describe(ann, PHONE, item.id(), false);
                    } catch (UseCaseException e) {
                        return e;
                    }
                }));
            }
            // The turned-away ones answer while the provider still holds the admitted calls.
            List<Object> early = new java.util.ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (early.size() < burst - AiSettings.MAX_WAITING_PER_USER && System.nanoTime() < until) {
                early.clear();
                for (java.util.concurrent.Future<Object> f : anns) if (f.isDone()) early.add(f.get());
                Thread.onSpinWait();
            }
            assertThat(early).hasSize(burst - AiSettings.MAX_WAITING_PER_USER)
                    .allSatisfy(r -> assertThat(((UseCaseException) r).type()).isEqualTo("ai-busy"));
            java.util.concurrent.Future<ListingAssistant.DescriptionResult> bobsCall = pool.submit(() -> assistant.describe(bob, PHONE, bobs.id(), false));
            gemini.release();
            long served = 0;
            for (java.util.concurrent.Future<Object> f : anns) if (f.get(10, TimeUnit.SECONDS) instanceof ListingAssistant.DescriptionResult) served++;
            assertThat(served).isEqualTo(AiSettings.MAX_WAITING_PER_USER);
            assertThat(bobsCall.get(10, TimeUnit.SECONDS).description()).isEqualTo("A fine Nikon FM2.");
        } finally {
            pool.shutdownNow();
        }
        assertThat(gemini.calls).as("only the admitted descriptions reached the provider").hasValue(AiSettings.MAX_WAITING_PER_USER + 1);
    }

    @Test
    void a_request_waiting_for_the_same_photos_gives_up_at_its_deadline() throws Exception {
        ListingAssistant assistant = assistant(single(gemini), AiSettings.DEFAULT.withDeadline(Duration.ofMillis(400)));
        RecognizeRequest photo = aPhoto();
        gemini.holdCalls();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                assistant.recognize(ann, PHONE, photo);
            } catch (RuntimeException ignored) {
                // released after the test
            }
        });
        assertThat(gemini.entered.await(5, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();

        UseCaseException busy = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, photo));

        assertThat(busy.type()).isEqualTo("ai-busy");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        gemini.release();
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void with_every_slot_taken_a_request_is_turned_away_with_503_and_retry_after() throws Exception {
        ListingAssistant assistant = both(AiSettings.DEFAULT.withMaxConcurrentCalls(1));
        gemini.holdCalls();
        CompletableFuture<RecognitionResult> slow = CompletableFuture.supplyAsync(() -> assistant.recognize(ann, PHONE, aPhoto()));
        assertThat(gemini.entered.await(5, TimeUnit.SECONDS)).isTrue();

        UseCaseException busy = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, aPhoto()));

        gemini.release();
        assertThat(busy.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(busy.type()).isEqualTo("ai-busy");
        assertThat(busy.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(slow.get(5, TimeUnit.SECONDS).usage().provider()).isEqualTo(AiProvider.GEMINI);
        assertThat(assistant.usage(ann).usedToday()).as("the turned-away request took nothing from the allowance").isEqualTo(1);
    }

    @Test
    void provider_failures_become_clear_problems_are_recorded_and_are_not_cached() {
        ListingAssistant assistant = assistant(new ListingAssistant.Providers(
                Optional.of(new HybridRecognizer(gemini, Optional.empty(), 0.6)), List.of(gemini)), AiSettings.DEFAULT);
        RecognizeRequest photo = aPhoto();
        gemini.then(gemini.failure(Reason.RATE_LIMITED)).then(gemini.failure(Reason.REFUSED)).then(gemini.failure(Reason.TRUNCATED));

        UseCaseException limited = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, photo));
        UseCaseException refused = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, photo));
        UseCaseException truncated = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, photo));
        RecognitionResult finally_ = assistant.recognize(ann, PHONE, photo);

        assertThat(limited.type()).isEqualTo("ai-provider-unavailable");
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(refused.kind()).isEqualTo(Kind.UNPROCESSABLE);
        assertThat(truncated.type()).isEqualTo("ai-answer-unusable");
        assertThat(finally_.cached()).isFalse();
        assertThat(gemini.calls).hasValue(4);
        assertThat(assistant.usage(ann).recent()).extracting(AiUsageRecord::outcome)
                .containsExactlyInAnyOrder("rate_limited", "refused", "truncated", "ok");
    }

    @Test
    void without_providers_recognition_names_the_settings_and_a_suggestion_still_comes() {
        ListingAssistant assistant = assistant(ListingAssistant.Providers.none(), AiSettings.DEFAULT);
        Item item = inventory.create(ann, PHONE, Optional.empty(),
                new ItemInput("Levi's 501 jeans", "", new MoneyInput(new BigDecimal("10"), null), null, null, null, null, null)).view().item();

        UseCaseException off = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, aPhoto()));
        PriceSuggestion suggestion = assistant.suggestPrice(ann, item.id());

        assertThat(off.type()).isEqualTo("ai-not-configured");
        assertThat(off.detail()).contains("GEMINI_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL");
        assertThat(suggestion.source()).isEqualTo(PriceSuggestion.Source.NONE);
        assertThat(suggestion.aiConfigured()).isFalse();
    }

    @Test
    void a_description_is_applied_through_the_inventory_and_falls_over_to_the_other_writer() {
        ListingAssistant assistant = both(AiSettings.DEFAULT);
        Item item = inventory.create(ann, PHONE, Optional.empty(),
                new ItemInput("Canon AE-1", "old text", new MoneyInput(new BigDecimal("99"), null), null, null, null, null, null)).view().item();
        gemini.then(gemini.failure(Reason.UNAVAILABLE));

        ListingAssistant.DescriptionResult result = assistant.describe(ann, PHONE, item.id(), true);

        assertThat(result.description()).isEqualTo("A fine Canon AE-1.");
        assertThat(result.usage().provider()).isEqualTo(AiProvider.OPENAI);
        assertThat(result.item().orElseThrow().item().details().description()).isEqualTo("A fine Canon AE-1.");
        assertThat(result.item().orElseThrow().item().version()).isGreaterThan(item.version());
    }

    @Test
    void the_daily_limit_is_a_429_that_says_when_it_renews() {
        ListingAssistant assistant = both(AiSettings.DEFAULT.withDailyLimit(1));
        assistant.recognize(ann, PHONE, aPhoto());

        UseCaseException limit = catchThrowableOfType(UseCaseException.class, () -> assistant.recognize(ann, PHONE, aPhoto()));

        assertThat(limit.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(limit.retryAfter()).contains(Duration.ofHours(14).plusSeconds(1));
        clock.advance(Duration.ofHours(14));
        assertThat(assistant.recognize(ann, PHONE, aPhoto()).cached()).isFalse();
    }
}
