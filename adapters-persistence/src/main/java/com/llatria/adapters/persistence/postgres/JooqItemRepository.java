package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.ItemsRecord;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Deletion;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.PageCursor;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.item.SortDirection;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.ITEMS;

public final class JooqItemRepository implements ItemRepository {
    private final DSLContext dsl;

    public JooqItemRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<Item> find(UserId owner, ItemId id) {
        return dsl.selectFrom(ITEMS)
                .where(ITEMS.ID.eq(id.value()).and(ITEMS.OWNER_ID.eq(owner.value())))
                .fetchOptional()
                .map(JooqItemRepository::toItem);
    }

    @Override
    public boolean insert(Item item) {
        ItemsRecord record = dsl.newRecord(ITEMS);
        fill(record, item);
        return dsl.insertInto(ITEMS).set(record).onConflictDoNothing().execute() == 1;
    }

    @Override
    public void update(Item item) {
        ItemsRecord record = dsl.newRecord(ITEMS);
        fill(record, item);
        record.changed(ITEMS.ID, false);
        record.changed(ITEMS.OWNER_ID, false);
        record.changed(ITEMS.CREATED_AT, false);
        dsl.update(ITEMS).set(record)
                .where(ITEMS.ID.eq(item.id().value()).and(ITEMS.OWNER_ID.eq(item.owner().value())))
                .execute();
    }

    @Override
    public ItemPage search(UserId owner, ItemQuery query) {
        List<org.jooq.Condition> where = new ArrayList<>();
        where.add(ITEMS.OWNER_ID.eq(owner.value()));
        where.add(ITEMS.DELETED_AT.isNull());
        query.status().ifPresent(s -> where.add(ITEMS.STATUS.eq(s.wireName())));
        query.category().ifPresent(c -> where.add(ITEMS.CATEGORY.eq(c)));
        query.condition().ifPresent(c -> where.add(ITEMS.CONDITION.eq(c.wireName())));
        query.minPrice().ifPresent(min -> where.add(ITEMS.PRICE_AMOUNT.ge(min)));
        query.maxPrice().ifPresent(max -> where.add(ITEMS.PRICE_AMOUNT.le(max)));
        query.text().ifPresent(text -> {
            String pattern = "%" + escapeLike(text) + "%";
            where.add(ITEMS.TITLE.likeIgnoreCase(pattern, '!')
                    .or(ITEMS.DESCRIPTION.likeIgnoreCase(pattern, '!'))
                    .or(ITEMS.SKU.likeIgnoreCase(pattern, '!')));
        });
        query.after().ifPresent(cursor -> where.add(after(cursor)));

        boolean asc = query.direction() == SortDirection.ASC;
        Field<?> sortField = sortField(query);
        List<SortField<?>> order = List.of(asc ? sortField.asc() : sortField.desc(), asc ? ITEMS.ID.asc() : ITEMS.ID.desc());

        List<Item> rows = dsl.selectFrom(ITEMS).where(where).orderBy(order).limit(query.limit() + 1)
                .fetch(JooqItemRepository::toItem);
        boolean more = rows.size() > query.limit();
        List<Item> page = more ? rows.subList(0, query.limit()) : rows;
        Optional<PageCursor> next = more
                ? Optional.of(PageCursor.after(page.get(page.size() - 1), query.sort(), query.direction()))
                : Optional.empty();
        return new ItemPage(page, next);
    }

    private static Field<?> sortField(ItemQuery query) {
        return switch (query.sort()) {
            case CREATED -> ITEMS.CREATED_AT;
            case UPDATED -> ITEMS.UPDATED_AT;
            case PRICE -> ITEMS.PRICE_AMOUNT;
        };
    }

    /** Rows strictly after the cursor in the query's order: (sort key, id) compared as a pair. */
    private static org.jooq.Condition after(PageCursor cursor) {
        boolean asc = cursor.direction() == SortDirection.ASC;
        return switch (cursor.sort()) {
            case CREATED -> pairAfter(ITEMS.CREATED_AT, Timestamps.toDb(Instant.parse(cursor.sortValue())), cursor, asc);
            case UPDATED -> pairAfter(ITEMS.UPDATED_AT, Timestamps.toDb(Instant.parse(cursor.sortValue())), cursor, asc);
            case PRICE -> pairAfter(ITEMS.PRICE_AMOUNT, new BigDecimal(cursor.sortValue()), cursor, asc);
        };
    }

    private static <T> org.jooq.Condition pairAfter(Field<T> field, T value, PageCursor cursor, boolean asc) {
        var row = DSL.row(field, ITEMS.ID);
        var at = DSL.row(DSL.val(value, field), DSL.val(cursor.lastId().value()));
        return asc ? row.gt(at) : row.lt(at);
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static void fill(ItemsRecord r, Item item) {
        ItemDetails d = item.details();
        r.setId(item.id().value());
        r.setOwnerId(item.owner().value());
        r.setTitle(d.title());
        r.setDescription(d.description());
        r.setPriceAmount(d.price().amount());
        r.setPriceCurrency(d.price().currency().getCurrencyCode());
        r.setCondition(d.condition().map(Condition::wireName).orElse(null));
        r.setCategory(d.category().orElse(null));
        r.setSku(d.sku().orElse(null));
        r.setCostAmount(d.cost().map(Money::amount).orElse(null));
        r.setCostCurrency(d.cost().map(m -> m.currency().getCurrencyCode()).orElse(null));
        r.setStatus(item.status().wireName());
        Optional<Sale> sale = item.lifecycle().sale();
        r.setSoldAt(Timestamps.toDb(sale.map(Sale::soldAt).orElse(null)));
        r.setSoldPriceAmount(sale.flatMap(Sale::soldPrice).map(Money::amount).orElse(null));
        r.setSoldPriceCurrency(sale.flatMap(Sale::soldPrice).map(m -> m.currency().getCurrencyCode()).orElse(null));
        r.setSoldChannel(sale.flatMap(Sale::channel).map(SalesChannel::wireName).orElse(null));
        r.setCreatedAt(Timestamps.toDb(item.createdAt()));
        r.setUpdatedAt(Timestamps.toDb(item.updatedAt()));
        r.setVersion(item.version());
        r.setDeletedAt(Timestamps.toDb(item.deletion().map(Deletion::at).orElse(null)));
        r.setDeletedStamp(item.deletion().map(del -> del.stamp().encode()).orElse(null));
        r.setFieldStamps(FieldStampsJson.write(item.stamps()));
    }

    static Item toItem(ItemsRecord r) {
        ItemDetails details = new ItemDetails(
                r.getTitle(),
                r.getDescription(),
                money(r.getPriceAmount(), r.getPriceCurrency()).orElseThrow(),
                Optional.ofNullable(r.getCondition()).flatMap(Condition::fromWire),
                Optional.ofNullable(r.getCategory()),
                Optional.ofNullable(r.getSku()),
                money(r.getCostAmount(), r.getCostCurrency()));
        ItemStatus status = ItemStatus.fromWire(r.getStatus()).orElseThrow();
        Lifecycle lifecycle = status == ItemStatus.SOLD
                ? Lifecycle.sold(new Sale(Timestamps.fromDb(r.getSoldAt()),
                        money(r.getSoldPriceAmount(), r.getSoldPriceCurrency()),
                        Optional.ofNullable(r.getSoldChannel()).flatMap(SalesChannel::fromWire)))
                : Lifecycle.of(status);
        Optional<Deletion> deletion = Optional.ofNullable(r.getDeletedAt())
                .map(at -> new Deletion(Timestamps.fromDb(at), Hlc.decode(r.getDeletedStamp())));
        return new Item(new ItemId(r.getId()), new UserId(r.getOwnerId()), details, lifecycle,
                Timestamps.fromDb(r.getCreatedAt()), Timestamps.fromDb(r.getUpdatedAt()), r.getVersion(),
                deletion, FieldStampsJson.read(r.getFieldStamps()));
    }

    private static Optional<Money> money(BigDecimal amount, String currency) {
        return amount == null ? Optional.empty() : Optional.of(new Money(amount, Currency.getInstance(currency)));
    }
}
