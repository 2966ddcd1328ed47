package com.llatria.application.ai;

import com.llatria.domain.ai.SoldComparable;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A suggested price with a range, what it rests on (the seller's own sales that resemble the
 * item, the AI's market estimate), and one sentence saying why.
 */
public record PriceSuggestion(ItemId item, Optional<Money> suggested, Optional<Money> low, Optional<Money> high,
                              Source source, List<Match> soldItems, Optional<Money> marketEstimate,
                              boolean aiConfigured, String reason) {
    public enum Source {
        OWN_SALES, OWN_SALES_AND_AI_ESTIMATE, AI_ESTIMATE, NONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A sold item used as a reference, and how much it counted (0-1). */
    public record Match(SoldComparable sold, double weight) {
    }

    public PriceSuggestion {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        soldItems = List.copyOf(soldItems);
    }
}
