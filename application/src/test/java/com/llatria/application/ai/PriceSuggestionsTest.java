package com.llatria.application.ai;

import com.llatria.application.ai.PriceSuggestion.Source;
import com.llatria.domain.ai.SoldComparable;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PriceSuggestionsTest {
    private static final ItemId ID = new ItemId(UUID.randomUUID());
    private static final ItemDetails JEANS = ItemDetails.titled("Levi's 501 jeans W32", Money.usd("0"))
            .withCategory("Clothing").withCondition(Condition.USED);

    private static SoldComparable sold(String title, String price, double similarity, String category) {
        return new SoldComparable(new ItemId(UUID.randomUUID()), title, Optional.ofNullable(category), Optional.of(Condition.USED),
                Money.usd(price), Instant.parse("2026-10-01T00:00:00Z"), similarity);
    }

    @Test
    void the_weighted_median_of_similar_sales_with_a_quartile_range() {
        List<SoldComparable> candidates = List.of(sold("Levi's 501 W32", "40.00", 0.8, "Clothing"), sold("Levi's 501 W34", "44.00", 0.7, "Clothing"),
                sold("Levi's 505", "30.00", 0.5, "Clothing"), sold("Levi's 501 XX", "60.00", 0.45, "Clothing"));

        PriceSuggestion s = PriceSuggestions.suggest(ID, JEANS, PriceSuggestions.matches(JEANS, candidates), Optional.empty(), false);

        assertThat(s.source()).isEqualTo(Source.OWN_SALES);
        assertThat(s.suggested()).contains(Money.usd("40.00"));
        assertThat(s.low()).contains(Money.usd("40.00"));
        assertThat(s.high()).contains(Money.usd("44.00"));
        assertThat(s.soldItems()).hasSize(4);
        assertThat(s.reason()).contains("4 similar items you sold");
    }

    @Test
    void unlike_items_and_other_currencies_do_not_count() {
        List<SoldComparable> candidates = List.of(sold("Canon AE-1", "150.00", 0.05, "Cameras"), sold("Blue scarf", "10.00", 0.05, "Clothing"),
                new SoldComparable(new ItemId(UUID.randomUUID()), "Levi's 501", Optional.of("Clothing"), Optional.empty(),
                        Money.of("40.00", "EUR"), Instant.parse("2026-10-01T00:00:00Z"), 0.9));

        assertThat(PriceSuggestions.matches(JEANS, candidates)).isEmpty();
    }

    @Test
    void a_same_category_item_counts_with_a_weaker_title_likeness() {
        List<SoldComparable> candidates = List.of(sold("Denim trousers", "25.00", 0.15, "Clothing"), sold("Denim lamp", "25.00", 0.15, "Home"));

        assertThat(PriceSuggestions.matches(JEANS, candidates)).extracting(m -> m.sold().title()).containsExactly("Denim trousers");
    }

    @Test
    void few_sales_are_blended_with_the_ai_estimate() {
        var matches = PriceSuggestions.matches(JEANS, List.of(sold("Levi's 501 W32", "40.00", 0.8, "Clothing")));

        PriceSuggestion s = PriceSuggestions.suggest(ID, JEANS, matches, Optional.of(Money.usd("50.00")), true);

        assertThat(s.source()).isEqualTo(Source.OWN_SALES_AND_AI_ESTIMATE);
        assertThat(s.suggested()).contains(Money.usd("45.00"));
        assertThat(s.low()).contains(Money.usd("40.00"));
        assertThat(s.high()).contains(Money.usd("50.00"));
    }

    @Test
    void with_no_sales_the_ai_estimate_stands_alone_and_with_neither_it_says_so() {
        PriceSuggestion ai = PriceSuggestions.suggest(ID, JEANS, List.of(), Optional.of(Money.usd("50.00")), true);
        PriceSuggestion none = PriceSuggestions.suggest(ID, JEANS, List.of(), Optional.empty(), false);

        assertThat(ai.source()).isEqualTo(Source.AI_ESTIMATE);
        assertThat(ai.low()).contains(Money.usd("40.00"));
        assertThat(ai.high()).contains(Money.usd("60.00"));
        assertThat(none.source()).isEqualTo(Source.NONE);
        assertThat(none.suggested()).isEmpty();
        assertThat(none.reason()).contains("no AI provider is configured");
    }
}
