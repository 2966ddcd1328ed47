package com.llatria.application.ai;

import com.llatria.application.ai.PriceSuggestion.Match;
import com.llatria.application.ai.PriceSuggestion.Source;
import com.llatria.domain.ai.SoldComparable;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Turns candidates from the sales history into a suggestion. A sold item counts when its title
 * is like the item's (trigram similarity ≥ 0.3), or when it is in the same category and its
 * title is at least a little alike (≥ 0.1); its weight grows with the likeness, the same
 * category and the same condition. The suggestion is the weighted median of what they sold
 * for, the range the weighted 25th to 75th percentiles. With fewer than three matches the AI's
 * market estimate, when there is one, is blended in; without matches it stands alone (±20 %).
 */
final class PriceSuggestions {
    static final double TITLE_ALIKE = 0.3;
    static final double CATEGORY_ALIKE = 0.1;
    static final int MAX_MATCHES = 10;
    static final int CONFIDENT_MATCHES = 3;

    private PriceSuggestions() {
    }

    static List<Match> matches(ItemDetails item, List<SoldComparable> candidates) {
        Currency currency = item.price().currency();
        List<Match> matches = new ArrayList<>();
        for (SoldComparable c : candidates) {
            if (!c.price().currency().equals(currency)) continue;
            boolean sameCategory = item.category().isPresent() && item.category().equals(c.category());
            boolean counts = c.titleSimilarity() >= TITLE_ALIKE || (sameCategory && c.titleSimilarity() >= CATEGORY_ALIKE);
            if (!counts) continue;
            double weight = c.titleSimilarity() + (sameCategory ? 0.15 : 0) + (item.condition().isPresent() && item.condition().equals(c.condition()) ? 0.05 : 0);
            matches.add(new Match(c, Math.min(1, weight)));
        }
        matches.sort(Comparator.comparingDouble(Match::weight).reversed().thenComparing(m -> m.sold().soldAt(), Comparator.reverseOrder()));
        return matches.size() > MAX_MATCHES ? List.copyOf(matches.subList(0, MAX_MATCHES)) : matches;
    }

    static PriceSuggestion suggest(ItemId id, ItemDetails item, List<Match> matches, Optional<Money> aiEstimate, boolean aiConfigured) {
        Currency currency = item.price().currency();
        Optional<Money> estimate = aiEstimate.filter(m -> m.currency().equals(currency));
        if (matches.isEmpty() && estimate.isEmpty()) {
            String why = aiConfigured
                    ? "You have not sold anything like this yet, and it has no AI estimate: recognise a photo of it to get one."
                    : "You have not sold anything like this yet, and no AI provider is configured for a market estimate.";
            return new PriceSuggestion(id, Optional.empty(), Optional.empty(), Optional.empty(), Source.NONE, List.of(), Optional.empty(),
                    aiConfigured, why);
        }
        if (matches.isEmpty()) {
            BigDecimal value = estimate.get().amount();
            return new PriceSuggestion(id, estimate, money(value.multiply(new BigDecimal("0.8")), currency),
                    money(value.multiply(new BigDecimal("1.2")), currency), Source.AI_ESTIMATE, List.of(), estimate, aiConfigured,
                    "From the AI's market estimate of " + estimate.get().amount().toPlainString() + " " + currency.getCurrencyCode()
                            + "; you have not sold anything like this yet.");
        }
        BigDecimal median = percentile(matches, 0.5);
        BigDecimal low = percentile(matches, 0.25);
        BigDecimal high = percentile(matches, 0.75);
        String own = matches.size() + " similar item" + (matches.size() == 1 ? "" : "s") + " you sold (\"" + matches.get(0).sold().title() + "\""
                + (matches.size() > 1 ? " and others" : "") + ")";
        if (matches.size() < CONFIDENT_MATCHES && estimate.isPresent()) {
            BigDecimal ai = estimate.get().amount();
            BigDecimal blended = median.add(ai).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
            return new PriceSuggestion(id, money(blended, currency), money(low.min(ai), currency), money(high.max(ai), currency),
                    Source.OWN_SALES_AND_AI_ESTIMATE, matches, estimate, aiConfigured,
                    "Halfway between " + own + " and the AI's market estimate of " + ai.toPlainString() + " " + currency.getCurrencyCode() + ".");
        }
        return new PriceSuggestion(id, money(median, currency), money(low, currency), money(high, currency), Source.OWN_SALES, matches,
                estimate, aiConfigured, "The weighted median of what " + own + " sold for.");
    }

    /** The weighted percentile of the matches' prices: the first price at which the running weight reaches the share. */
    private static BigDecimal percentile(List<Match> matches, double share) {
        List<Match> byPrice = matches.stream().sorted(Comparator.comparing(m -> m.sold().price().amount())).toList();
        double total = byPrice.stream().mapToDouble(Match::weight).sum();
        double running = 0;
        for (Match m : byPrice) {
            running += m.weight();
            if (running >= share * total - 1e-9) return m.sold().price().amount();
        }
        return byPrice.get(byPrice.size() - 1).sold().price().amount();
    }

    private static Optional<Money> money(BigDecimal amount, Currency currency) {
        BigDecimal rounded = amount.setScale(2, RoundingMode.HALF_UP);
        return Money.problems(rounded).isEmpty() ? Optional.of(new Money(rounded, currency)) : Optional.empty();
    }
}
