package com.llatria.adapters.persistence.contract;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemSort;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.item.SortDirection;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class ItemRepositoryContract extends PersistenceContract {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private ItemId newId() {
        return new ItemId(UUID.randomUUID());
    }

    @Test
    void every_field_survives_a_round_trip() {
        UserId owner = aUser();
        Sale sale = new Sale(T0.plusSeconds(60), Optional.of(Money.of("39.50", "EUR")), Optional.of(SalesChannel.FACEBOOK));
        Item item = Items.anItem().ownedBy(owner).lifecycle(Lifecycle.sold(sale))
                .details(new ItemDetails("Jacket — size M", "Wool, \"good\" shape", Money.of("45.00", "EUR"),
                        Optional.of(Condition.LIKE_NEW), Optional.of("Clothing"), Optional.of("JKT-1"), Optional.of(Money.of("5.25", "EUR"))))
                .createdAt(T0.plusNanos(123_000)).build();
        Item deleted = item.delete(new Hlc(T0.toEpochMilli() + 5, 3, new DeviceId("phone")), T0.plusSeconds(120), 9);

        persistence.items().insert(deleted);

        assertThat(persistence.items().find(owner, item.id())).contains(deleted);
    }

    @Test
    void an_item_is_invisible_to_everyone_but_its_owner() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item item = Items.anItem().ownedBy(ann).build();
        persistence.items().insert(item);

        assertThat(persistence.items().find(bob, item.id())).isEmpty();
        assertThat(persistence.items().search(bob, ItemQuery.newestFirst(100)).items()).isEmpty();
    }

    @Test
    void inserting_a_taken_id_stores_nothing_even_for_another_owner() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item original = Items.anItem().ownedBy(ann).titled("Original").build();
        persistence.items().insert(original);

        Item copy = Items.anItem().id(original.id()).ownedBy(bob).titled("Copy").build();

        assertThat(persistence.items().insert(copy)).isFalse();
        assertThat(persistence.items().find(ann, original.id())).contains(original);
        assertThat(persistence.items().find(bob, original.id())).isEmpty();
    }

    @Test
    void an_update_replaces_the_item_but_never_another_owners() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item item = Items.anItem().ownedBy(ann).titled("Lamp").build();
        persistence.items().insert(item);
        Item edited = item.rewrite(item.details().withTitle("Brass lamp"), Lifecycle.of(ItemStatus.ACTIVE),
                new Hlc(T0.toEpochMilli() + 1000, 0, DeviceId.SERVER), T0.plusSeconds(1), 2);

        persistence.items().update(edited);
        Item hijack = Items.anItem().id(item.id()).ownedBy(bob).titled("Mine now").version(3).build();
        persistence.items().update(hijack);

        assertThat(persistence.items().find(ann, item.id())).contains(edited);
    }

    @Test
    void a_synced_item_keeps_what_each_device_wrote_to_each_field() {
        UserId ann = aUser();
        Item item = Items.anItem().ownedBy(ann).titled("Lamp").build();
        persistence.items().insert(item);
        DeviceId phone = new DeviceId("phone");
        Item merged = com.llatria.domain.item.ItemSync.merge(item, com.llatria.domain.sync.Change.edit(phone, 1, java.util.Map.of(
                com.llatria.domain.item.ItemField.TITLE, new com.llatria.domain.sync.Write<com.llatria.domain.item.ItemValue>(
                        new com.llatria.domain.item.ItemValue.Title("Phone lamp"), new Hlc(1, 0, phone)))), T0, 2).item();

        persistence.items().update(merged);

        assertThat(merged.stamps().get(com.llatria.domain.item.ItemField.TITLE).seen()).containsKey(phone);
        assertThat(persistence.items().find(ann, item.id())).contains(merged);
    }

    @Test
    void search_leaves_out_deleted_items() {
        UserId ann = aUser();
        Item kept = Items.anItem().ownedBy(ann).build();
        Item gone = Items.anItem().ownedBy(ann).build();
        persistence.items().insert(kept);
        persistence.items().insert(gone.delete(new Hlc(T0.toEpochMilli(), 1, DeviceId.SERVER), T0, 2));

        assertThat(persistence.items().search(ann, ItemQuery.newestFirst(10)).items()).containsExactly(kept);
    }

    @Test
    void search_filters_by_status_category_condition_price_and_text() {
        UserId ann = aUser();
        Item lamp = save(ann, Items.anItem().ownedBy(ann).details(details("Brass lamp", "Heavy base", "30.00", Condition.USED, "Home", "LMP-1"))
                .lifecycle(Lifecycle.of(ItemStatus.ACTIVE)).createdAt(T0));
        Item jeans = save(ann, Items.anItem().ownedBy(ann).details(details("Levi's 501", "100% cotton", "45.00", Condition.LIKE_NEW, "Clothing", "JNS-9"))
                .createdAt(T0.plusSeconds(1)));
        Item mug = save(ann, Items.anItem().ownedBy(ann).details(details("Mug", "Has a lamp_print", "5.00", Condition.FAIR, "Home", "MUG-2"))
                .lifecycle(Lifecycle.of(ItemStatus.ACTIVE)).createdAt(T0.plusSeconds(2)));
        ItemQuery all = ItemQuery.newestFirst(100);

        assertThat(ids(all.withStatus(ItemStatus.ACTIVE), ann)).containsExactly(mug.id(), lamp.id());
        assertThat(ids(all.withCategory("Home"), ann)).containsExactly(mug.id(), lamp.id());
        assertThat(ids(all.withCondition(Condition.LIKE_NEW), ann)).containsExactly(jeans.id());
        assertThat(ids(all.withPriceRange(new BigDecimal("5.00"), new BigDecimal("30.00")), ann)).containsExactly(mug.id(), lamp.id());
        assertThat(ids(all.withPriceRange(new BigDecimal("31"), null), ann)).containsExactly(jeans.id());
        assertThat(ids(all.withText("LAMP"), ann)).containsExactly(mug.id(), lamp.id());
        assertThat(ids(all.withText("jns-"), ann)).as("sku").containsExactly(jeans.id());
        assertThat(ids(all.withText("100%"), ann)).as("% is literal").containsExactly(jeans.id());
        assertThat(ids(all.withText("p_p"), ann)).as("_ is literal").containsExactly(mug.id());
        assertThat(ids(all.withText("'; drop table items; --"), ann)).isEmpty();
        assertThat(ids(all.withStatus(ItemStatus.ACTIVE).withCategory("Home").withText("mug"), ann)).containsExactly(mug.id());
    }

    @Test
    void paging_through_every_sort_order_returns_each_item_once_in_order() {
        UserId ann = aUser();
        Random random = new Random(42);
        List<Item> saved = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // Few distinct prices and times, so ties are common and the id must break them.
            Instant created = T0.plus(random.nextInt(5), ChronoUnit.SECONDS).plusNanos(random.nextInt(3) * 1000L);
            Item item = Items.anItem().ownedBy(ann).priced(random.nextInt(4) + ".99").createdAt(created).build();
            if (random.nextBoolean()) {
                item = item.rewrite(item.details(), item.lifecycle(), new Hlc(0, 0, DeviceId.SERVER),
                        created.plusSeconds(random.nextInt(3)), 2);
            }
            saved.add(item);
            persistence.items().insert(item);
        }

        for (ItemSort sort : ItemSort.values()) {
            for (SortDirection direction : SortDirection.values()) {
                ItemQuery query = ItemQuery.newestFirst(5).sortedBy(sort, direction);
                List<ItemId> paged = new ArrayList<>();
                ItemPage page = persistence.items().search(ann, query);
                paged.addAll(page.items().stream().map(Item::id).toList());
                while (page.next().isPresent()) {
                    page = persistence.items().search(ann, query.withAfter(page.next().get()));
                    paged.addAll(page.items().stream().map(Item::id).toList());
                }
                assertThat(paged).as("%s %s", sort, direction).containsExactlyElementsOf(expectedOrder(saved, sort, direction));
            }
        }
    }

    @Test
    void a_full_last_page_says_there_is_no_next_page() {
        UserId ann = aUser();
        for (int i = 0; i < 4; i++) save(ann, Items.anItem().ownedBy(ann).createdAt(T0.plusSeconds(i)));

        ItemPage first = persistence.items().search(ann, ItemQuery.newestFirst(2));
        ItemPage second = persistence.items().search(ann, ItemQuery.newestFirst(2).withAfter(first.next().orElseThrow()));

        assertThat(second.items()).hasSize(2);
        assertThat(second.next()).isEmpty();
    }

    /** The order the contract promises: sort key, then id as text (PostgreSQL's uuid order). */
    private static List<ItemId> expectedOrder(List<Item> items, ItemSort sort, SortDirection direction) {
        Comparator<Item> byKey = switch (sort) {
            case CREATED -> Comparator.comparing(Item::createdAt);
            case UPDATED -> Comparator.comparing(Item::updatedAt);
            case PRICE -> Comparator.comparing(i -> i.details().price().amount());
        };
        Comparator<Item> order = byKey.thenComparing(i -> i.id().toString());
        return items.stream().sorted(direction == SortDirection.ASC ? order : order.reversed()).map(Item::id).toList();
    }

    private Item save(UserId owner, Items builder) {
        Item item = builder.id(newId()).build();
        persistence.items().insert(item);
        return item;
    }

    private List<ItemId> ids(ItemQuery query, UserId owner) {
        return persistence.items().search(owner, query).items().stream().map(Item::id).toList();
    }

    private static ItemDetails details(String title, String description, String price, Condition condition, String category, String sku) {
        return new ItemDetails(title, description, Money.usd(price), Optional.of(condition), Optional.of(category),
                Optional.of(sku), Optional.empty());
    }
}
