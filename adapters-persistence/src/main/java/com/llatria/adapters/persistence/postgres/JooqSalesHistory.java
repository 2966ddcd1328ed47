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
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.ITEMS;

/**
 * The seller's sold items like a given one, for price suggestions. Two index scans, each
 * bounded by {@code limit} however many items the seller has: the nearest titles by trigram
 * distance (GiST index items_sold_title_trgm, a k-nearest-neighbour scan), and the latest sales
 * in the same category (items_sold_category). See V6__ai.sql.
 */
public final class JooqSalesHistory implements SalesHistory {
    /** Without pg_trgm: how many of the latest sales are compared in the application. */
    static final int FALLBACK_SCAN = 2_000;
    private final DSLContext dsl;
    private volatile Boolean trigramIndex;

    public JooqSalesHistory(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<SoldComparable> resembling(UserId owner, ItemId exclude, String title, Optional<String> category, int limit) {
        if (trigramIndex == null) {
            trigramIndex = dsl.fetchExists(DSL.selectOne().from(DSL.table("pg_extension")).where(DSL.field("extname").eq("pg_trgm")));
        }
        return trigramIndex ? withIndex(owner, exclude, title, category, limit) : withoutIndex(owner, exclude, title, category, limit);
    }

    private List<SoldComparable> withIndex(UserId owner, ItemId exclude, String title, Optional<String> category, int limit) {
        Field<Double> similarity = DSL.field("similarity({0}, {1})", Double.class, ITEMS.TITLE, DSL.val(title));
        Field<Double> distance = DSL.field("{0} <-> {1}", Double.class, ITEMS.TITLE, DSL.val(title));
        Condition sold = ITEMS.OWNER_ID.eq(owner.value()).and(ITEMS.STATUS.eq("sold")).and(ITEMS.DELETED_AT.isNull())
                .and(ITEMS.ID.ne(exclude.value()));
        List<Field<?>> fields = List.of(ITEMS.ID, ITEMS.TITLE, ITEMS.CATEGORY, ITEMS.CONDITION, ITEMS.PRICE_AMOUNT,
                ITEMS.PRICE_CURRENCY, ITEMS.SOLD_PRICE_AMOUNT, ITEMS.SOLD_PRICE_CURRENCY, ITEMS.SOLD_AT, similarity.as("sim"));
        Map<UUID, SoldComparable> found = new LinkedHashMap<>();
        dsl.select(fields).from(ITEMS).where(sold).orderBy(distance).limit(limit)
                .fetch().forEach(r -> found.putIfAbsent(r.get(ITEMS.ID), toComparable(r)));
        category.ifPresent(c -> dsl.select(fields).from(ITEMS).where(sold.and(ITEMS.CATEGORY.eq(c)))
                .orderBy(ITEMS.SOLD_AT.desc()).limit(limit)
                .fetch().forEach(r -> found.putIfAbsent(r.get(ITEMS.ID), toComparable(r))));
        return new ArrayList<>(found.values());
    }

    /**
     * The database could not have pg_trgm (see V6__ai.sql): the latest sales are compared in the
     * application with the same measure, so results match, only slower for a large history.
     */
    private List<SoldComparable> withoutIndex(UserId owner, ItemId exclude, String title, Optional<String> category, int limit) {
        Condition sold = ITEMS.OWNER_ID.eq(owner.value()).and(ITEMS.STATUS.eq("sold")).and(ITEMS.DELETED_AT.isNull())
                .and(ITEMS.ID.ne(exclude.value()));
        List<Field<?>> fields = List.of(ITEMS.ID, ITEMS.TITLE, ITEMS.CATEGORY, ITEMS.CONDITION, ITEMS.PRICE_AMOUNT,
                ITEMS.PRICE_CURRENCY, ITEMS.SOLD_PRICE_AMOUNT, ITEMS.SOLD_PRICE_CURRENCY, ITEMS.SOLD_AT,
                DSL.inline(0.0).as("sim"));
        List<SoldComparable> latest = dsl.select(fields).from(ITEMS).where(sold).orderBy(ITEMS.SOLD_AT.desc()).limit(FALLBACK_SCAN)
                .fetch(JooqSalesHistory::toComparable).stream()
                .map(c -> new SoldComparable(c.id(), c.title(), c.category(), c.condition(), c.price(), c.soldAt(),
                        Trigrams.similarity(c.title(), title)))
                .toList();
        Map<UUID, SoldComparable> found = new LinkedHashMap<>();
        latest.stream().sorted(java.util.Comparator.comparingDouble(SoldComparable::titleSimilarity).reversed()).limit(limit)
                .forEach(c -> found.putIfAbsent(c.id().value(), c));
        category.ifPresent(c -> latest.stream().filter(s -> s.category().equals(Optional.of(c))).limit(limit)
                .forEach(s -> found.putIfAbsent(s.id().value(), s)));
        return new ArrayList<>(found.values());
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
