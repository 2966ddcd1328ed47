package com.llatria.adapters.persistence.contract;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemSort;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.item.SortDirection;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.PostingState;
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
    void a_restored_item_keeps_its_restore_stamp_and_a_new_delete_replaces_it() {
        UserId owner = aUser();
        Item item = Items.anItem().ownedBy(owner).version(1).build();
        Item deleted = item.delete(new Hlc(T0.toEpochMilli(), 0, new DeviceId("phone")), T0, 2);
        persistence.items().insert(deleted);
        Hlc restore = new Hlc(T0.toEpochMilli() + 10, 0, new DeviceId("srv-a"));
        Item restored = new Item(item.id(), owner, item.details(), item.lifecycle(), item.createdAt(), T0.plusSeconds(1), 3,
                Optional.empty(), item.stamps(), Optional.of(restore));

        persistence.items().update(restored);

        assertThat(persistence.items().find(owner, item.id())).contains(restored);
        assertThat(persistence.items().findWithPhotos(owner, item.id())).get().extracting(w -> w.item().restored())
                .isEqualTo(Optional.of(restore));
        Item again = restored.delete(new Hlc(T0.toEpochMilli() + 20, 0, new DeviceId("desk")), T0.plusSeconds(2), 4);
        persistence.items().update(again);
        assertThat(persistence.items().find(owner, item.id())).contains(again);
        assertThat(again.restored()).isEmpty();
    }

    @Test
    void the_deletes_seen_per_device_survive_a_restore_and_every_read() {
        // Finding 7.12: the stamps of synced deletes as sent, so a delete sent again is recognised after a restore.
        UserId owner = aUser();
        Item item = Items.anItem().ownedBy(owner).version(1).build();
        persistence.items().insert(item);
        Hlc sent = new Hlc(T0.toEpochMilli() + 365L * 24 * 3600 * 1000, 7, new DeviceId("skew"));
        Hlc other = new Hlc(T0.toEpochMilli(), 0, new DeviceId("phone"));
        Item deleted = new Item(item.id(), owner, item.details(), item.lifecycle(), item.createdAt(), T0.plusSeconds(1), 2,
                Optional.of(new com.llatria.domain.item.Deletion(T0.plusSeconds(1), new Hlc(T0.toEpochMilli() + 1, 0, new DeviceId("skew")))),
                item.stamps(), Optional.empty(), java.util.Map.of(sent.device(), sent, other.device(), other));
        persistence.items().update(deleted);
        Item restored = new Item(item.id(), owner, item.details(), item.lifecycle(), item.createdAt(), T0.plusSeconds(2), 3,
                Optional.empty(), item.stamps(), Optional.of(new Hlc(T0.toEpochMilli() + 10, 0, new DeviceId("srv-a"))),
                deleted.deletesSeen());

        persistence.items().update(restored);

        assertThat(persistence.items().find(owner, item.id())).get().extracting(Item::deletesSeen)
                .isEqualTo(java.util.Map.of(sent.device(), sent, other.device(), other));
        assertThat(persistence.items().findWithPhotos(owner, item.id())).get().extracting(w -> w.item().deletesSeen())
                .isEqualTo(restored.deletesSeen());
        assertThat(persistence.items().find(owner, item.id()).orElseThrow().touch(T0.plusSeconds(3), 4).deletesSeen())
                .isEqualTo(restored.deletesSeen());
        Item never = Items.anItem().ownedBy(owner).version(5).build();
        persistence.items().insert(never);
        assertThat(persistence.items().find(owner, never.id())).get().extracting(Item::deletesSeen).isEqualTo(java.util.Map.of());
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
        assertThat(ids(all.withText("100%"), ann)).as("punctuation is not searched for").containsExactly(jeans.id());
        assertThat(ids(all.withText("lamp_print"), ann)).as("_ separates words").containsExactly(mug.id());
        assertThat(ids(all.withText("'; drop table items; --"), ann)).isEmpty();
        assertThat(ids(all.withStatus(ItemStatus.ACTIVE).withCategory("Home").withText("mug"), ann)).containsExactly(mug.id());
    }

    @Test
    void text_search_finds_items_by_the_beginnings_of_words_in_title_description_and_sku() {
        UserId ann = aUser();
        Item jeans = save(ann, Items.anItem().ownedBy(ann).details(details("Levi's 501 jeans", "Dark wash, W32", "45.00", Condition.USED, "Clothing", "LL-000421"))
                .createdAt(T0));
        Item lamp = save(ann, Items.anItem().ownedBy(ann).details(details("Brass lamp", "Heavy base", "30.00", Condition.USED, "Home", "LMP-1"))
                .createdAt(T0.plusSeconds(1)));
        Item bowl = save(ann, Items.anItem().ownedBy(ann).details(details("Café au lait bowl", "Lamplight yellow glaze", "12.00", Condition.FAIR, "Kitchen", "BWL-7"))
                .createdAt(T0.plusSeconds(2)));
        ItemQuery all = ItemQuery.newestFirst(100);

        assertThat(ids(all.withText("lev"), ann)).as("a word's beginning").containsExactly(jeans.id());
        assertThat(ids(all.withText("LEVI'S"), ann)).as("case and punctuation").containsExactly(jeans.id());
        assertThat(ids(all.withText("lamp"), ann)).as("title and description").containsExactly(bowl.id(), lamp.id());
        assertThat(ids(all.withText("000421"), ann)).as("a part of the SKU").containsExactly(jeans.id());
        assertThat(ids(all.withText("ll-0004"), ann)).as("the SKU's beginning").containsExactly(jeans.id());
        assertThat(ids(all.withText("wash 501"), ann)).as("every word, in any order, in any field").containsExactly(jeans.id());
        assertThat(ids(all.withText("jeans lamp"), ann)).as("every word must be found").isEmpty();
        assertThat(ids(all.withText("amp"), ann)).as("not the middle of a word").isEmpty();
        assertThat(ids(all.withText("le"), ann)).as("two letters: a whole word only").isEmpty();
        assertThat(ids(all.withText("w32"), ann)).as("three: a beginning").containsExactly(jeans.id());
        assertThat(ids(all.withText("s ll"), ann)).as("whole short words").containsExactly(jeans.id());
        assertThat(ids(all.withText("CAFÉ"), ann)).as("letters beyond ASCII").containsExactly(bowl.id());
        assertThat(ids(all.withText("zzyzx unicorn"), ann)).isEmpty();
        assertThat(ids(all.withText("-- !!"), ann)).as("no words: no text filter").containsExactly(bowl.id(), lamp.id(), jeans.id());
    }

    /**
     * Finding 10.18: the query was split at every combining mark (Indic and Thai vowel signs, a
     * decomposed accent) and a final capital sigma lowercased to 'ς', so the title's own words found
     * nothing in PostgreSQL, which keeps marks inside words and lowercases letter by letter.
     */
    @Test
    void words_with_combining_marks_and_greek_capitals_are_found_as_typed() {
        UserId ann = aUser();
        Item hindi = save(ann, Items.anItem().ownedBy(ann).titled("हिन्दी किताब").createdAt(T0));
        Item tamil = save(ann, Items.anItem().ownedBy(ann).titled("தமிழ் புத்தகம்").createdAt(T0.plusSeconds(1)));
        Item french = save(ann, Items.anItem().ownedBy(ann).titled("e\u0301cole de\u0301cor").createdAt(T0.plusSeconds(2)));
        Item greek = save(ann, Items.anItem().ownedBy(ann).titled("ΟΔΟΣ χάρτης").createdAt(T0.plusSeconds(3)));
        ItemQuery all = ItemQuery.newestFirst(100);

        assertThat(ids(all.withText("हिन्दी"), ann)).containsExactly(hindi.id());
        assertThat(ids(all.withText("किताब"), ann)).containsExactly(hindi.id());
        assertThat(ids(all.withText("தமிழ்"), ann)).containsExactly(tamil.id());
        assertThat(ids(all.withText("e\u0301cole"), ann)).containsExactly(french.id());
        assertThat(ids(all.withText("ΟΔΟΣ"), ann)).containsExactly(greek.id());
        assertThat(ids(all.withText("χάρτης"), ann)).containsExactly(greek.id());
    }

    /**
     * A word is compared on its first 200 characters (PostgreSQL's index keeps that much of it
     * since V28, so the seller's key fits before a word of up to 2,047 bytes): a long word is
     * still found by its beginning, and a longer query word by its first 200 characters.
     */
    @Test
    void a_very_long_word_is_found_by_its_beginning() {
        UserId ann = aUser();
        String word = "x".repeat(199) + "y" + "z".repeat(1_800);
        Item item = save(ann, Items.anItem().ownedBy(ann).details(details("Long", "before " + word + " after", "5.00", Condition.USED, "Home", "L-1"))
                .createdAt(T0));
        save(ann, Items.anItem().ownedBy(ann).details(details("Short", "x" + " xxxx".repeat(10), "5.00", Condition.USED, "Home", "S-1"))
                .createdAt(T0.plusSeconds(1)));
        ItemQuery all = ItemQuery.newestFirst(100);

        assertThat(ids(all.withText("xxxx"), ann)).hasSize(2);
        assertThat(ids(all.withText(word.substring(0, 200)), ann)).as("the first 200 characters").containsExactly(item.id());
        assertThat(ids(all.withText(word.substring(0, 250)), ann)).as("a longer query word, on its first 200").containsExactly(item.id());
        assertThat(ids(all.withText("x".repeat(199) + "q"), ann)).isEmpty();
        assertThat(ids(all.withText("after before"), ann)).containsExactly(item.id());
    }

    /** Finding 10.12: "İ" lowercased to "i" and a combining dot, which split the word, so the title's own words found nothing. */
    @Test
    void a_word_typed_as_the_title_has_it_finds_the_item_whatever_its_capital_letters() {
        UserId ann = aUser();
        Item map = save(ann, Items.anItem().ownedBy(ann).titled("İSTANBUL haritası İzmir"));
        save(ann, Items.anItem().ownedBy(ann).titled("Ankara"));
        ItemQuery all = ItemQuery.newestFirst(100);

        for (String q : java.util.List.of("İstanbul", "İSTANBUL", "istanbul", "İzmir", "izmir", "haritası", "İst")) {
            assertThat(ids(all.withText(q), ann)).as(q).containsExactly(map.id());
        }
    }

    @Test
    void filters_match_exactly_whatever_the_category_holds_and_no_word_matches_a_filter() {
        UserId ann = aUser();
        Item odd = save(ann, Items.anItem().ownedBy(ann)
                .details(details("Status report binder", "Category: office", "3.00", Condition.NEW, "Home & Garden's \\ 'best' | !x:*", "S-1"))
                .lifecycle(Lifecycle.of(ItemStatus.ACTIVE)).createdAt(T0));
        Item plain = save(ann, Items.anItem().ownedBy(ann)
                .details(details("Chair", "Oak", "30.00", Condition.USED, "Home", "C-1")).createdAt(T0.plusSeconds(1)));
        ItemQuery all = ItemQuery.newestFirst(10);

        assertThat(ids(all.withCategory("Home & Garden's \\ 'best' | !x:*"), ann)).containsExactly(odd.id());
        assertThat(ids(all.withCategory("home & garden's \\ 'best' | !x:*"), ann)).as("case matters").isEmpty();
        assertThat(ids(all.withCategory("Home"), ann)).containsExactly(plain.id());
        assertThat(ids(all.withCategory("Home & Garden's"), ann)).as("the whole category, not a part").isEmpty();
        assertThat(ids(all.withCategory("Home").withCondition(Condition.USED).withStatus(ItemStatus.DRAFT), ann)).containsExactly(plain.id());
        assertThat(ids(all.withCategory("Home").withCondition(Condition.NEW), ann)).isEmpty();
        assertThat(ids(all.withText("status"), ann)).as("a word, not the status filter").containsExactly(odd.id());
        assertThat(ids(all.withText("category"), ann)).containsExactly(odd.id());
        assertThat(ids(all.withText("condition"), ann)).isEmpty();
        assertThat(ids(all.withText("oak").withCategory("Home").withStatus(ItemStatus.DRAFT), ann)).containsExactly(plain.id());
    }

    @Test
    void text_search_sees_only_the_owners_live_items() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item kept = save(ann, Items.anItem().ownedBy(ann).titled("Pendleton blanket").createdAt(T0));
        Item deleted = Items.anItem().id(newId()).ownedBy(ann).titled("Pendleton scarf").createdAt(T0).build();
        persistence.items().insert(deleted.delete(new Hlc(T0.toEpochMilli(), 1, DeviceId.SERVER), T0, 2));
        save(bob, Items.anItem().ownedBy(bob).titled("Pendleton shirt").createdAt(T0));

        assertThat(ids(ItemQuery.newestFirst(10).withText("pendleton"), ann)).containsExactly(kept.id());
    }

    @Test
    void text_search_finds_an_edited_item_by_its_new_words_only() {
        UserId ann = aUser();
        Item item = save(ann, Items.anItem().ownedBy(ann).titled("Brass lamp"));
        Item edited = item.rewrite(item.details().withTitle("Copper kettle"), item.lifecycle(),
                new Hlc(T0.toEpochMilli() + 1000, 0, DeviceId.SERVER), T0.plusSeconds(1), 2);
        persistence.items().update(edited);

        assertThat(ids(ItemQuery.newestFirst(10).withText("kettle"), ann)).containsExactly(item.id());
        assertThat(ids(ItemQuery.newestFirst(10).withText("brass"), ann)).isEmpty();
    }

    @Test
    void text_search_with_filters_pages_through_ties_in_every_order_once_each() {
        UserId ann = aUser();
        Random random = new Random(7);
        List<Item> matching = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            Instant created = T0.plus(random.nextInt(4), ChronoUnit.SECONDS);
            boolean lamp = random.nextInt(3) > 0;
            boolean active = random.nextBoolean();
            Item item = Items.anItem().ownedBy(ann).titled(lamp ? "Lamp no. " + i : "Vase no. " + i).priced(random.nextInt(3) + ".50")
                    .lifecycle(Lifecycle.of(active ? ItemStatus.ACTIVE : ItemStatus.DRAFT)).createdAt(created).build();
            persistence.items().insert(item);
            if (lamp && active) matching.add(item);
        }

        for (ItemSort sort : ItemSort.values()) {
            for (SortDirection direction : SortDirection.values()) {
                ItemQuery query = ItemQuery.newestFirst(4).sortedBy(sort, direction).withText("LAMP").withStatus(ItemStatus.ACTIVE);
                List<ItemId> paged = new ArrayList<>();
                ItemPage page = persistence.items().search(ann, query);
                paged.addAll(page.items().stream().map(Item::id).toList());
                while (page.next().isPresent()) {
                    page = persistence.items().search(ann, query.withAfter(page.next().get()));
                    paged.addAll(page.items().stream().map(Item::id).toList());
                }
                assertThat(paged).as("%s %s", sort, direction).containsExactlyElementsOf(expectedOrder(matching, sort, direction));
            }
        }
    }

    /**
     * Filters without text, alone and together, paged in every order: PostgreSQL walks a sort
     * index judging entries by the columns it carries, or the category's own index, and falls back
     * to the GIN index for rare combinations (PostgresItemRepositoryShortWalkTest runs this with a
     * walk bound of 2, so the fallback and the switch between the two are taken too).
     */
    @Test
    void filters_without_text_page_through_every_sort_order_once_each() {
        UserId ann = aUser();
        UserId bob = aUser();
        Random random = new Random(11);
        String[] categories = {"Home", "Kitchen", "Home & Garden"};
        List<Item> saved = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Instant created = T0.plus(random.nextInt(6), ChronoUnit.SECONDS).plusNanos(random.nextInt(3) * 1000L);
            ItemStatus status = ItemStatus.values()[random.nextInt(ItemStatus.values().length)];
            Lifecycle lifecycle = status == ItemStatus.SOLD ? Lifecycle.sold(new Sale(created, Optional.empty(), Optional.empty()))
                    : Lifecycle.of(status);
            Optional<Condition> condition = random.nextInt(5) == 0 ? Optional.empty()
                    : Optional.of(Condition.values()[random.nextInt(Condition.values().length)]);
            Optional<String> category = random.nextInt(6) == 0 ? Optional.empty() : Optional.of(categories[random.nextInt(categories.length)]);
            Item item = Items.anItem().ownedBy(ann).details(new ItemDetails("Thing " + i, "", Money.usd(random.nextInt(4) + ".25"),
                    condition, category, Optional.empty(), Optional.empty())).lifecycle(lifecycle).createdAt(created).build();
            if (random.nextBoolean()) {
                item = item.rewrite(item.details(), item.lifecycle(), new Hlc(0, 0, DeviceId.SERVER), created.plusSeconds(random.nextInt(3)), 2);
            }
            persistence.items().insert(item);
            saved.add(item);
        }
        // the same values at another seller's, and a deleted item of ann's: never on ann's pages
        for (int i = 0; i < 6; i++) {
            persistence.items().insert(Items.anItem().ownedBy(bob).details(details("Other", "", "1.25", Condition.USED, "Home", "O-" + i))
                    .lifecycle(Lifecycle.of(ItemStatus.ACTIVE)).build());
        }
        Item gone = Items.anItem().ownedBy(ann).details(details("Gone", "", "1.25", Condition.USED, "Home", "G-1"))
                .lifecycle(Lifecycle.of(ItemStatus.ACTIVE)).build();
        persistence.items().insert(gone.delete(new Hlc(T0.toEpochMilli(), 0, DeviceId.SERVER), T0, 2));

        ItemQuery any = ItemQuery.newestFirst(3);
        List<ItemQuery> queries = List.of(
                any.withCategory("Home"),
                any.withStatus(ItemStatus.ACTIVE),
                any.withCondition(Condition.USED).withStatus(ItemStatus.DRAFT),
                any.withCategory("Home").withStatus(ItemStatus.ACTIVE).withCondition(Condition.USED)
                        .withPriceRange(new BigDecimal("1.00"), new BigDecimal("2.50")),
                any.withCategory("Kitchen").withPriceRange(new BigDecimal("2.00"), null),
                any.withCategory("Home & Garden").withStatus(ItemStatus.SOLD),
                any.withCategory("Nowhere"));
        for (ItemQuery filtered : queries) {
            List<Item> matching = saved.stream().filter(i -> filtered.status().map(s -> i.status() == s).orElse(true)
                    && filtered.category().map(c -> i.details().category().equals(Optional.of(c))).orElse(true)
                    && filtered.condition().map(c -> i.details().condition().equals(Optional.of(c))).orElse(true)
                    && filtered.minPrice().map(m -> i.details().price().amount().compareTo(m) >= 0).orElse(true)
                    && filtered.maxPrice().map(m -> i.details().price().amount().compareTo(m) <= 0).orElse(true)).toList();
            for (ItemSort sort : ItemSort.values()) {
                for (SortDirection direction : SortDirection.values()) {
                    List<ItemId> paged = walkBothReads(ann, filtered.sortedBy(sort, direction));
                    assertThat(paged).as("%s %s %s", filtered, sort, direction).containsExactlyElementsOf(expectedOrder(matching, sort, direction));
                }
            }
        }
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
    void a_price_range_pages_through_every_sort_order_once_each_with_and_without_photos() {
        UserId ann = aUser();
        UserId bob = aUser();
        Random random = new Random(7);
        List<Item> inRange = new ArrayList<>();
        for (int i = 0; i < 29; i++) {
            Instant created = T0.plus(random.nextInt(5), ChronoUnit.SECONDS).plusNanos(random.nextInt(3) * 1000L);
            Item item = Items.anItem().ownedBy(ann).priced(random.nextInt(5) + ".50").createdAt(created).build();
            if (random.nextBoolean()) {
                item = item.rewrite(item.details(), item.lifecycle(), new Hlc(0, 0, DeviceId.SERVER),
                        created.plusSeconds(random.nextInt(3)), 2);
            }
            persistence.items().insert(item);
            BigDecimal price = item.details().price().amount();
            if (price.compareTo(new BigDecimal("1.50")) >= 0 && price.compareTo(new BigDecimal("3.50")) <= 0) inRange.add(item);
        }
        // another seller's items in the same range, and a deleted one of ann's: never on ann's pages
        for (int i = 0; i < 5; i++) persistence.items().insert(Items.anItem().ownedBy(bob).priced("2.50").build());
        Item gone = Items.anItem().ownedBy(ann).priced("2.50").build();
        persistence.items().insert(gone.delete(new Hlc(T0.toEpochMilli(), 0, DeviceId.SERVER), T0, 2));

        for (ItemSort sort : ItemSort.values()) {
            for (SortDirection direction : SortDirection.values()) {
                List<ItemId> paged = walkBothReads(ann, ItemQuery.newestFirst(4).sortedBy(sort, direction)
                        .withPriceRange(new BigDecimal("1.50"), new BigDecimal("3.50")));
                assertThat(paged).as("%s %s", sort, direction).containsExactlyElementsOf(expectedOrder(inRange, sort, direction));
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

    @Test
    void an_item_is_read_with_its_photos_whole_and_in_position_order() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item lamp = save(ann, Items.anItem().ownedBy(ann).titled("Lamp"));
        Item bare = save(ann, Items.anItem().ownedBy(ann).titled("No photos"));
        ItemImage third = photo(ann, lamp.id(), 2, T0.plusNanos(123_000));
        ItemImage first = photo(ann, lamp.id(), 0, T0.minusSeconds(86_400 * 400L));
        ItemImage second = photo(ann, lamp.id(), 1, T0);
        Item other = save(ann, Items.anItem().ownedBy(ann).titled("Another"));
        photo(ann, other.id(), 0, T0);

        assertThat(persistence.items().findWithPhotos(ann, lamp.id()))
                .contains(new ItemWithPhotos(lamp, List.of(first, second, third), List.of()));
        assertThat(persistence.items().findWithPhotos(ann, bare.id())).contains(new ItemWithPhotos(bare, List.of(), List.of()));
        assertThat(persistence.items().findWithPhotos(bob, lamp.id())).as("another owner's").isEmpty();
        assertThat(persistence.items().findWithPhotos(ann, newId())).isEmpty();
        Item deleted = lamp.delete(new Hlc(T0.toEpochMilli(), 1, DeviceId.SERVER), T0.plusSeconds(5), 2);
        persistence.items().update(deleted);
        assertThat(persistence.items().findWithPhotos(ann, lamp.id()).map(ItemWithPhotos::item)).as("a tombstone").contains(deleted);
    }

    @Test
    void an_item_read_after_its_photos_are_reordered_shows_them_in_the_new_order() {
        // On PostgreSQL each photo's part of the item's JSON is built in SQL (and stored, api_json,
        // generated): a reorder must show through it, and times before 1970 must survive it.
        UserId ann = aUser();
        Item lamp = save(ann, Items.anItem().ownedBy(ann).titled("Lamp"));
        ItemImage a = photo(ann, lamp.id(), 0, Instant.parse("1969-12-31T23:59:59.999999Z"));
        ItemImage b = photo(ann, lamp.id(), 1, T0.plusNanos(1_000));
        ItemImage c = photo(ann, lamp.id(), 2, T0);

        persistence.images().reorder(ann, lamp.id(), List.of(c.id(), a.id(), b.id()));

        List<ItemImage> expected = List.of(moved(c, 0), moved(a, 1), moved(b, 2));
        assertThat(persistence.items().findWithPhotos(ann, lamp.id()).orElseThrow().photos()).isEqualTo(expected);
        assertThat(persistence.images().forItem(ann, lamp.id())).isEqualTo(expected);
    }

    private static ItemImage moved(ItemImage image, int position) {
        return new ItemImage(image.id(), image.owner(), image.item(), position, image.createdAt(), image.renditions());
    }

    @Test
    void a_page_with_photos_is_the_same_page_with_each_items_photos() {
        UserId ann = aUser();
        Random random = new Random(11);
        for (int i = 0; i < 9; i++) {
            Item item = save(ann, Items.anItem().ownedBy(ann).titled(i % 2 == 0 ? "Lamp " + i : "Vase " + i)
                    .createdAt(T0.plusSeconds(random.nextInt(3))));
            for (int p = random.nextInt(4) - 1; p >= 0; p--) photo(ann, item.id(), p, T0.plusSeconds(p));
        }

        for (ItemQuery query : List.of(ItemQuery.newestFirst(4), ItemQuery.newestFirst(3).withText("lamp"))) {
            ItemPage page = persistence.items().search(ann, query);
            ItemWithPhotos.Page shown = persistence.items().searchWithPhotos(ann, query);
            while (true) {
                assertThat(shown.items().stream().map(ItemWithPhotos::item).toList()).isEqualTo(page.items());
                assertThat(shown.next()).isEqualTo(page.next());
                for (ItemWithPhotos item : shown.items()) {
                    assertThat(item.photos()).isEqualTo(persistence.images().forItem(ann, item.item().id()));
                }
                if (page.next().isEmpty()) break;
                page = persistence.items().search(ann, query.withAfter(page.next().get()));
                shown = persistence.items().searchWithPhotos(ann, query.withAfter(shown.next().get()));
            }
        }
    }

    @Test
    void an_item_is_read_with_its_postings_in_every_state_as_the_posting_store_has_them() {
        UserId ann = aUser();
        UserId bob = aUser();
        Instant t = T0.plusNanos(456_000);
        List<PostingState> states = List.of(new PostingState.Idle(), new PostingState.Posting(2, t, Optional.of("L-1")),
                new PostingState.Posting(1, t, Optional.empty()),
                new PostingState.Posted("L-1", Optional.of("https://www.ebay.com/itm/L-1"), t),
                new PostingState.Posted("L-9", Optional.empty(), t.minusSeconds(86_400 * 400L)),
                new PostingState.Failed("eBay refused: \"price\" ünder 1", 3, t, Optional.of(t.plusSeconds(60)), Optional.empty()),
                new PostingState.Failed("gave up", 8, t, Optional.empty(), Optional.of("L-2")),
                new PostingState.Removing(Optional.of("L-1"), t, 2, Optional.of("500"), t.plusSeconds(90)),
                new PostingState.Removing(Optional.empty(), t, 0, Optional.empty(), t));
        for (PostingState state : states) {
            Item lamp = save(ann, Items.anItem().ownedBy(ann).titled("Lamp"));
            // facebook saved first: the read model lists postings in platform order, as the posting store does
            PlatformPosting facebook = new PlatformPosting(new PostingId(UUID.randomUUID()), ann, lamp.id(), Platform.FACEBOOK,
                    PostingMode.ASSISTED, new PostingState.Posting(1, t, Optional.empty()), Optional.empty(), List.of(),
                    Optional.empty(), 4);
            PlatformPosting ebay = new PlatformPosting(new PostingId(UUID.randomUUID()), ann, lamp.id(), Platform.EBAY,
                    PostingMode.API, state, Optional.of("offer-7"), List.of("shipping defaulted", "a \"quoted\" one"),
                    Optional.of("11450"), 5);
            persistence.postings().save(facebook);
            persistence.postings().save(ebay);

            List<PlatformPosting> stored = persistence.postings().forItem(ann, lamp.id());
            assertThat(stored).as("the posting store's own reading").containsExactly(ebay, facebook);
            assertThat(persistence.items().findWithPhotos(ann, lamp.id()).map(ItemWithPhotos::postings)).as(state.wireName())
                    .contains(stored);
            ItemWithPhotos.Page page = persistence.items().searchWithPhotos(ann, ItemQuery.newestFirst(100));
            assertThat(page.items().stream().filter(i -> i.item().id().equals(lamp.id())).findFirst().orElseThrow().postings())
                    .isEqualTo(stored);
            assertThat(persistence.items().findWithPhotos(bob, lamp.id())).as("another owner's").isEmpty();
        }
        Item bare = save(ann, Items.anItem().ownedBy(ann).titled("Never posted"));
        assertThat(persistence.items().findWithPhotos(ann, bare.id()).orElseThrow().postings()).isEmpty();
        // an item of bob's with a posting of his own: it never shows in ann's lists, nor ann's in his
        Item bobs = save(bob, Items.anItem().ownedBy(bob).titled("Bob's"));
        persistence.postings().save(PlatformPosting.idle(new PostingId(UUID.randomUUID()), bob, bobs.id(), Platform.EBAY, PostingMode.API));
        assertThat(persistence.items().searchWithPhotos(bob, ItemQuery.newestFirst(100)).items())
                .singleElement().satisfies(i -> assertThat(i.postings()).singleElement()
                        .satisfies(p -> assertThat(p.owner()).isEqualTo(bob)));
    }

    private ItemImage photo(UserId owner, ItemId item, int position, Instant createdAt) {
        ImageId id = new ImageId(UUID.randomUUID());
        List<StoredRendition> renditions = new ArrayList<>();
        for (ImageVariant variant : ImageVariant.values()) {
            for (ImageFormat format : ImageFormat.values()) {
                renditions.add(new StoredRendition(variant, format, ItemImage.key(owner, item, id, variant, format, createdAt.toEpochMilli()),
                        variant.box(), variant.square() ? variant.box() : variant.box() * 3 / 4));
            }
        }
        ItemImage image = new ItemImage(id, owner, item, position, createdAt, renditions);
        persistence.images().insert(image);
        return image;
    }

    /** Every page of a query, to the end, checking the read with photos pages exactly as the plain one. */
    private List<ItemId> walkBothReads(UserId owner, ItemQuery query) {
        List<ItemId> paged = new ArrayList<>();
        ItemPage page = persistence.items().search(owner, query);
        ItemWithPhotos.Page shown = persistence.items().searchWithPhotos(owner, query);
        while (true) {
            assertThat(shown.items().stream().map(ItemWithPhotos::item).toList()).isEqualTo(page.items());
            assertThat(shown.next()).isEqualTo(page.next());
            paged.addAll(page.items().stream().map(Item::id).toList());
            if (page.next().isEmpty()) return paged;
            page = persistence.items().search(owner, query.withAfter(page.next().get()));
            shown = persistence.items().searchWithPhotos(owner, query.withAfter(shown.next().get()));
        }
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
