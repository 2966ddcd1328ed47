package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.Trigrams;
import com.llatria.domain.ai.SalesHistory;
import com.llatria.domain.ai.SoldComparable;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Money;
import com.llatria.domain.user.UserId;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.ITEMS;

/**
 * The seller's sold items like a given one, for price suggestions. Bounded whatever the history:
 * the {@link #COMPARED} latest sales (index items_sold_latest) ranked by pg_trgm similarity in
 * the database, only the best {@code limit} sent back; and the latest sales in the same category
 * (items_sold_category). A nearest-neighbour scan over a trigram GiST index was tried first: for
 * one owner's titles it visited every entry (each inner page's signature is near every query), so
 * its cost grew with the history; see V6 and V10.
 */
public final class JooqSalesHistory implements SalesHistory {
    private final DSLContext dsl;
    private volatile Boolean trigrams;

    public JooqSalesHistory(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<SoldComparable> resembling(UserId owner, ItemId exclude, String title, Optional<String> category, int limit) {
        if (trigrams == null) {
            trigrams = dsl.fetchExists(DSL.selectOne().from(DSL.table("pg_extension")).where(DSL.field("extname").eq("pg_trgm")));
        }
        Condition sold = ITEMS.OWNER_ID.eq(owner.value()).and(ITEMS.STATUS.eq("sold")).and(ITEMS.DELETED_AT.isNull())
                .and(ITEMS.ID.ne(exclude.value()));
        Map<UUID, SoldComparable> found = new LinkedHashMap<>();
        nearestTitles(sold, title, limit).forEach(c -> found.putIfAbsent(c.id().value(), c));
        category.ifPresent(c -> dsl.select(fields(DSL.inline(0.0))).from(ITEMS).where(sold.and(ITEMS.CATEGORY.eq(c)))
                .orderBy(ITEMS.SOLD_AT.desc()).limit(limit)
                .fetch(JooqSalesHistory::toComparable).forEach(s -> found.putIfAbsent(s.id().value(), withSimilarity(s, title))));
        return new ArrayList<>(found.values());
    }

    private List<SoldComparable> nearestTitles(Condition sold, String title, int limit) {
        Table<?> latest = dsl.select(fields(DSL.inline(0.0))).from(ITEMS).where(sold).orderBy(ITEMS.SOLD_AT.desc()).limit(COMPARED)
                .asTable("latest");
        if (!trigrams) {
            // The database could not have pg_trgm (see V6): the same measure, computed here.
            return dsl.selectFrom(latest).fetch(JooqSalesHistory::toComparable).stream()
                    .map(c -> withSimilarity(c, title))
                    .sorted(Comparator.comparingDouble(SoldComparable::titleSimilarity).reversed()
                            .thenComparing(SoldComparable::soldAt, Comparator.reverseOrder()))
                    .limit(limit).toList();
        }
        Field<Double> similarity = DSL.field("similarity({0}, {1})", Double.class, latest.field(ITEMS.TITLE), DSL.val(title));
        List<Field<?>> columns = new ArrayList<>(List.of(latest.fields()));
        columns.removeIf(f -> f.getName().equals("sim"));
        columns.add(similarity.as("sim"));
        return dsl.select(columns).from(latest)
                .orderBy(DSL.field(DSL.name("sim")).desc(), latest.field(ITEMS.SOLD_AT).desc()).limit(limit)
                .fetch(JooqSalesHistory::toComparable);
    }

    private static List<Field<?>> fields(Field<Double> similarity) {
        return List.of(ITEMS.ID, ITEMS.TITLE, ITEMS.CATEGORY, ITEMS.CONDITION, ITEMS.PRICE_AMOUNT,
                ITEMS.PRICE_CURRENCY, ITEMS.SOLD_PRICE_AMOUNT, ITEMS.SOLD_PRICE_CURRENCY, ITEMS.SOLD_AT, similarity.as("sim"));
    }

    private static SoldComparable withSimilarity(SoldComparable c, String title) {
        return new SoldComparable(c.id(), c.title(), c.category(), c.condition(), c.price(), c.soldAt(), Trigrams.similarity(c.title(), title));
    }

    private static SoldComparable toComparable(Record r) {
        BigDecimal soldAmount = r.get(ITEMS.SOLD_PRICE_AMOUNT);
        Money price = soldAmount != null
                ? new Money(soldAmount, Currency.getInstance(r.get(ITEMS.SOLD_PRICE_CURRENCY)))
                : new Money(r.get(ITEMS.PRICE_AMOUNT), Currency.getInstance(r.get(ITEMS.PRICE_CURRENCY)));
        double sim = Math.max(0, Math.min(1, r.get("sim", Double.class)));
        return new SoldComparable(new ItemId(r.get(ITEMS.ID)), r.get(ITEMS.TITLE), Optional.ofNullable(r.get(ITEMS.CATEGORY)),
                Optional.ofNullable(r.get(ITEMS.CONDITION)).flatMap(com.llatria.domain.item.Condition::fromWire),
                price, Timestamps.fromDb(r.get(ITEMS.SOLD_AT)), sim);
    }
}
