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
import org.jooq.Record3;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
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
 * The seller's sold items like a given one, for price suggestions, at a cost bounded whatever
 * the history: the titles of the {@link #COMPARED} latest sales (index items_sold_latest, three
 * columns) ranked here by pg_trgm's measure ({@link Trigrams}), then the best {@code limit} read
 * whole; and the latest sales in the same category (items_sold_category).
 *
 * <p>Measured at 20,000 sales (docs/benchmarks.md): a nearest-neighbour scan over a trigram GiST
 * index read every entry (each inner page's signature is near every title), and pg_trgm's
 * similarity() over the 2,000 latest cost more than that; reading 2,000 titles costs about a
 * millisecond and ranking them here less. V10 drops the GiST index.
 */
public final class JooqSalesHistory implements SalesHistory {
    private final DSLContext dsl;

    public JooqSalesHistory(DSLContext dsl) {
        this.dsl = dsl;
    }

    private record Ranked(UUID id, double similarity, OffsetDateTime soldAt) {
    }

    @Override
    public List<SoldComparable> resembling(UserId owner, ItemId exclude, String title, Optional<String> category, int limit) {
        Condition sold = ITEMS.OWNER_ID.eq(owner.value()).and(ITEMS.STATUS.eq("sold")).and(ITEMS.DELETED_AT.isNull())
                .and(ITEMS.ID.ne(exclude.value()));
        Trigrams.Query like = Trigrams.query(title);
        List<Ranked> nearest = dsl.select(ITEMS.ID, ITEMS.TITLE, ITEMS.SOLD_AT).from(ITEMS).where(sold)
                .orderBy(ITEMS.SOLD_AT.desc()).limit(COMPARED)
                .fetch((Record3<UUID, String, OffsetDateTime> r) -> new Ranked(r.value1(), like.similarity(r.value2()), r.value3()))
                .stream()
                .sorted(Comparator.comparingDouble(Ranked::similarity).reversed()
                        .thenComparing(Ranked::soldAt, Comparator.reverseOrder()).thenComparing(Ranked::id))
                .limit(limit).toList();
        Map<UUID, SoldComparable> read = new LinkedHashMap<>();
        dsl.select(FIELDS).from(ITEMS).where(ITEMS.ID.in(nearest.stream().map(Ranked::id).toList()))
                .fetch(r -> toComparable(r, like)).forEach(c -> read.put(c.id().value(), c));
        Map<UUID, SoldComparable> found = new LinkedHashMap<>();
        nearest.forEach(r -> found.put(r.id(), read.get(r.id())));
        category.ifPresent(c -> dsl.select(FIELDS).from(ITEMS).where(sold.and(ITEMS.CATEGORY.eq(c)))
                .orderBy(ITEMS.SOLD_AT.desc()).limit(limit)
                .fetch(r -> toComparable(r, like)).forEach(s -> found.putIfAbsent(s.id().value(), s)));
        return new ArrayList<>(found.values());
    }

    private static final List<Field<?>> FIELDS = List.of(ITEMS.ID, ITEMS.TITLE, ITEMS.CATEGORY, ITEMS.CONDITION, ITEMS.PRICE_AMOUNT,
            ITEMS.PRICE_CURRENCY, ITEMS.SOLD_PRICE_AMOUNT, ITEMS.SOLD_PRICE_CURRENCY, ITEMS.SOLD_AT);

    private static SoldComparable toComparable(Record r, Trigrams.Query like) {
        BigDecimal soldAmount = r.get(ITEMS.SOLD_PRICE_AMOUNT);
        Money price = soldAmount != null
                ? new Money(soldAmount, Currency.getInstance(r.get(ITEMS.SOLD_PRICE_CURRENCY)))
                : new Money(r.get(ITEMS.PRICE_AMOUNT), Currency.getInstance(r.get(ITEMS.PRICE_CURRENCY)));
        return new SoldComparable(new ItemId(r.get(ITEMS.ID)), r.get(ITEMS.TITLE), Optional.ofNullable(r.get(ITEMS.CATEGORY)),
                Optional.ofNullable(r.get(ITEMS.CONDITION)).flatMap(com.llatria.domain.item.Condition::fromWire),
                price, Timestamps.fromDb(r.get(ITEMS.SOLD_AT)), like.similarity(r.get(ITEMS.TITLE)));
    }
}
