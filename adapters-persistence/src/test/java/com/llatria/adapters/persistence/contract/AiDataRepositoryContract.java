package com.llatria.adapters.persistence.contract;

import com.llatria.domain.ai.AiCategory;
import com.llatria.domain.ai.AiData;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.PhotoHash;
import com.llatria.domain.ai.Recognition;
import com.llatria.domain.fixtures.Items;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.Money;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class AiDataRepositoryContract extends PersistenceContract {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    public static Recognition aRecognition(String title) {
        return new Recognition("Canon AE-1 Program", 0.875, title, "Body only.\nShutter fires.",
                Optional.of(new AiCategory("film cameras", false)), Optional.of(Condition.LIKE_NEW), Optional.of("Canon"),
                Optional.of("AE-1 Program"), Optional.of(1981), Optional.of("Black"), Optional.of("Compact"),
                Optional.of("141 x 91 x 48 mm"), Map.of("Mount", "Canon FD", "Film", "35mm"), Optional.of(Money.of("180.00", "EUR")),
                Optional.of(Money.usd("165.50")), "Sold listings range 150-200.", List.of("title: markup removed"));
    }

    private Item anItemOf(UserId owner) {
        Item item = Items.anItem().ownedBy(owner).build();
        persistence.items().insert(item);
        return item;
    }

    private AiData dataFor(Item item, Recognition recognition, Instant at) {
        return new AiData(item.id(), item.owner(), recognition, new AiUsage(AiProvider.GEMINI, "gemini-2.5-flash", 174, 57,
                Duration.ofMillis(812)), Optional.of(new PhotoHash("a".repeat(64))), at, at);
    }

    @Test
    void every_field_survives_a_round_trip() {
        Item item = anItemOf(aUser());
        AiData data = dataFor(item, aRecognition("Canon AE-1 Program 35mm SLR"), T0);

        persistence.ai().aiData().save(data);

        assertThat(persistence.ai().aiData().find(item.owner(), item.id())).contains(data);
    }

    @Test
    void empty_fields_stay_empty() {
        Item item = anItemOf(aUser());
        Recognition bare = new Recognition("Jeans", 0, "Jeans", "", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                Optional.empty(), Optional.empty(), "", List.of());
        AiData data = new AiData(item.id(), item.owner(), bare, new AiUsage(AiProvider.OPENAI, "llava", 0, 0, Duration.ZERO),
                Optional.empty(), T0, T0);

        persistence.ai().aiData().save(data);

        assertThat(persistence.ai().aiData().find(item.owner(), item.id())).contains(data);
    }

    @Test
    void a_new_recognition_replaces_the_old_one_and_keeps_when_the_first_was_made() {
        Item item = anItemOf(aUser());
        persistence.ai().aiData().save(dataFor(item, aRecognition("First"), T0));

        persistence.ai().aiData().save(dataFor(item, aRecognition("Second"), T0.plusSeconds(60)));

        AiData stored = persistence.ai().aiData().find(item.owner(), item.id()).orElseThrow();
        assertThat(stored.recognition().title()).isEqualTo("Second");
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void an_items_recognition_is_invisible_to_other_users_and_they_cannot_overwrite_it() {
        Item item = anItemOf(aUser());
        UserId other = aUser();
        persistence.ai().aiData().save(dataFor(item, aRecognition("Mine"), T0));

        persistence.ai().aiData().save(new AiData(item.id(), other, aRecognition("Theirs"), dataFor(item, aRecognition("x"), T0).usage(),
                Optional.empty(), T0, T0));

        assertThat(persistence.ai().aiData().find(other, item.id())).isEmpty();
        assertThat(persistence.ai().aiData().find(item.owner(), item.id()).orElseThrow().recognition().title()).isEqualTo("Mine");
    }

    @Test
    void racing_saves_of_one_items_recognition_leave_exactly_one_of_them() throws Exception {
        Item item = anItemOf(aUser());
        int racers = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<?>> saves = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                AiData data = dataFor(item, aRecognition("Racer " + i), T0.plusSeconds(i));
                saves.add(pool.submit(() -> {
                    start.await();
                    persistence.ai().aiData().save(data);
                    return null;
                }));
            }
            start.countDown();
            for (var save : saves) save.get();
        } finally {
            pool.shutdownNow();
        }

        AiData stored = persistence.ai().aiData().find(item.owner(), item.id()).orElseThrow();
        assertThat(stored.recognition().title()).startsWith("Racer ");
        assertThat(stored.createdAt()).as("the first save's time, whichever came first").isBetween(T0, T0.plusSeconds(racers));
    }
}
