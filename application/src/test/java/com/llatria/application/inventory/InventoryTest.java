package com.llatria.application.inventory;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.storage.image.ImgscalrImageProcessor;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.adapters.persistence.memory.InMemoryEventBus;
import com.llatria.application.InvalidInput;
import com.llatria.application.UseCaseException;
import com.llatria.application.photos.PhotoPipeline;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.fixtures.SequentialIds;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class InventoryTest {
    private static final DeviceId PHONE = new DeviceId("phone");
    private final MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
    private final Persistence persistence = Persistence.inMemory();
    private final HybridLogicalClock hlc = new HybridLogicalClock(clock);
    private final InMemoryImageStore store = new InMemoryImageStore("/files");
    private final ItemWriter writer = new ItemWriter(persistence.items(), persistence.changeLog(), persistence.transactions(),
            new InMemoryEventBus(), clock, hlc);
    private final ItemViews views = new ItemViews(persistence.images(), persistence.postings(), store);
    private final ItemPhotos photos = new ItemPhotos(persistence.items(), persistence.images(), store,
            new PhotoPipeline(new ImgscalrImageProcessor(), store, Runnable::run), writer, views, new SequentialIds(), clock);
    private final Inventory inventory = new Inventory(persistence.items(), writer, views, photos,
            new SequentialIds(), clock);
    private final UserId ann = user("ann@example.com");
    private final UserId bob = user("bob@example.com");

    private UserId user(String email) {
        UserId id = new UserId(UUID.randomUUID());
        persistence.users().insert(new User(id, new Email(email), "hash", clock.instant()));
        return id;
    }

    private static ItemInput input(String title, String price) {
        return new ItemInput(title, "desc", new MoneyInput(new BigDecimal(price), null), "used", "Home", null, null, null);
    }

    private static ItemInput input(String title, String price, String status) {
        return new ItemInput(title, "desc", new MoneyInput(new BigDecimal(price), null), "used", "Home", null, null, status);
    }

    private Item create(UserId owner, String title, String status) {
        return inventory.create(owner, PHONE, Optional.empty(), input(title, "10.00", status)).view().item();
    }

    private Item get(UserId owner, ItemId id) {
        return inventory.get(owner, id).item();
    }

    private Item update(UserId owner, DeviceId device, ItemId id, ItemInput in, Optional<Long> expected) {
        return inventory.update(owner, device, id, in, expected.map(ExpectedVersion::inBody)).item();
    }

    private Item markSold(UserId owner, DeviceId device, ItemId id, SaleInput sale) {
        return inventory.markSold(owner, device, id, sale).item();
    }

    private static String outcome(BulkResult result) {
        return result.failure().map(UseCaseException::type).orElse("ok");
    }

    private List<ChangeLogEntry> changes(UserId owner) {
        return persistence.changeLog().since(owner, 0, 1000);
    }

    @Test
    void a_created_item_is_a_draft_at_the_owners_next_version() {
        Item item = inventory.create(ann, PHONE, Optional.empty(), input("Brass lamp", "25")).view().item();

        assertThat(item.status()).isEqualTo(ItemStatus.DRAFT);
        assertThat(item.details().price()).isEqualTo(Money.usd("25.00"));
        assertThat(item.version()).isEqualTo(1);
        assertThat(changes(ann)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ChangeKind.CREATE);
            assertThat(c.item()).isEqualTo(item.id());
            assertThat(c.device()).isEqualTo(PHONE);
        });
        assertThat(get(ann, item.id())).isEqualTo(item);
    }

    @Test
    void repeating_an_offline_create_returns_the_stored_item_without_a_second_change() {
        ItemId id = new ItemId(UUID.randomUUID());

        Inventory.Created first = inventory.create(ann, PHONE, Optional.of(id), input("Lamp", "5"));
        Inventory.Created again = inventory.create(ann, PHONE, Optional.of(id), input("Lamp", "5.00"));

        assertThat(first.isNew()).isTrue();
        assertThat(again.isNew()).isFalse();
        assertThat(again.view()).isEqualTo(first.view());
        assertThat(changes(ann)).hasSize(1);
    }

    @Test
    void reusing_an_id_with_other_content_is_a_conflict_that_shows_the_stored_item() {
        ItemId id = new ItemId(UUID.randomUUID());
        Item stored = inventory.create(ann, PHONE, Optional.of(id), input("Lamp", "5")).view().item();

        assertThatThrownBy(() -> inventory.create(ann, PHONE, Optional.of(id), input("Chair", "5")))
                .asInstanceOf(type(ItemIdConflict.class))
                .extracting(e -> e.current().map(c -> ((ItemView) c).item())).isEqualTo(Optional.of(stored));
    }

    @Test
    void another_users_id_is_refused_without_revealing_their_item_or_spending_a_version() {
        Item annsItem = create(ann, "Lamp", null);

        assertThatThrownBy(() -> inventory.create(bob, PHONE, Optional.of(annsItem.id()), input("Lamp", "10")))
                .asInstanceOf(type(ItemIdConflict.class))
                .extracting(e -> e.current()).isEqualTo(Optional.empty());
        assertThat(changes(bob)).isEmpty();
        assertThat(create(bob, "Chair", null).version()).isEqualTo(1);
    }

    @Test
    void invalid_input_names_every_bad_field_and_stores_nothing() {
        ItemInput bad = new ItemInput(" ", "x".repeat(10_001), new MoneyInput(new BigDecimal("-1.005"), "usd"), "mint",
                null, "S".repeat(51), new MoneyInput(null, "EUR"), "gone");

        assertThatThrownBy(() -> inventory.create(ann, PHONE, Optional.empty(), bad))
                .asInstanceOf(type(InvalidInput.class))
                .satisfies(e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactlyInAnyOrder(
                        "title", "description", "price.amount", "price.amount", "price.currency", "condition", "sku",
                        "cost.amount", "status"));
        assertThat(inventory.list(ann, ItemQuery.newestFirst(10)).items()).isEmpty();
        assertThat(changes(ann)).isEmpty();
    }

    @Test
    void a_missing_price_is_reported_as_required() {
        ItemInput noPrice = new ItemInput("Lamp", null, null, null, null, null, null, null);

        assertThatThrownBy(() -> inventory.create(ann, PHONE, Optional.empty(), noPrice)).hasMessage("price is required");
    }

    @Test
    void an_update_against_an_older_version_is_refused_with_the_current_item() {
        Item item = create(ann, "Lamp", null);
        Item edited = update(ann, PHONE, item.id(), input("Brass lamp", "10.00"), Optional.of(item.version()));

        assertThatThrownBy(() -> update(ann, PHONE, item.id(), input("Copper lamp", "10.00"), Optional.of(item.version())))
                .asInstanceOf(type(StaleVersion.class))
                .extracting(e -> ((ItemView) e.current().orElseThrow()).item()).isEqualTo(edited);
        assertThat(get(ann, item.id()).details().title()).isEqualTo("Brass lamp");
    }

    @Test
    void an_update_that_changes_nothing_takes_no_version() {
        Item item = create(ann, "Lamp", null);

        Item same = update(ann, PHONE, item.id(), input("Lamp", "10"), Optional.empty());

        assertThat(same).isEqualTo(item);
        assertThat(changes(ann)).hasSize(1);
    }

    @Test
    void an_update_moves_the_status_only_along_allowed_transitions() {
        Item item = create(ann, "Lamp", null);

        Item active = update(ann, PHONE, item.id(), input("Lamp", "10", "active"), Optional.empty());
        assertThat(active.status()).isEqualTo(ItemStatus.ACTIVE);
        Item draftAgain = update(ann, PHONE, item.id(), input("Lamp", "10", "draft"), Optional.empty());
        assertThat(draftAgain.status()).isEqualTo(ItemStatus.DRAFT);

        assertThatThrownBy(() -> update(ann, PHONE, item.id(), input("Lamp", "12", "sold"), Optional.empty()))
                .isInstanceOf(IllegalTransition.class).hasMessageContaining("from draft to sold");
        assertThat(get(ann, item.id()).details().price()).isEqualTo(Money.usd("10.00"));
    }

    @Test
    void marking_sold_records_the_sale_and_only_works_for_active_items() {
        Item draft = create(ann, "Lamp", null);
        Item active = create(ann, "Chair", "active");

        assertThatThrownBy(() -> markSold(ann, PHONE, draft.id(), SaleInput.now())).isInstanceOf(IllegalTransition.class);
        Item sold = markSold(ann, PHONE, active.id(),
                new SaleInput(Instant.parse("2026-11-24T18:00:00Z"), new MoneyInput(new BigDecimal("8.5"), null), "ebay"));

        assertThat(sold.status()).isEqualTo(ItemStatus.SOLD);
        assertThat(sold.lifecycle().sale()).get().satisfies(sale -> {
            assertThat(sale.soldAt()).isEqualTo(Instant.parse("2026-11-24T18:00:00Z"));
            assertThat(sale.soldPrice()).contains(Money.usd("8.50"));
            assertThat(sale.channel()).contains(SalesChannel.EBAY);
        });
        assertThatThrownBy(() -> markSold(ann, PHONE, active.id(), SaleInput.now())).isInstanceOf(IllegalTransition.class);
    }

    @Test
    void a_sale_in_the_future_or_on_an_unknown_platform_is_invalid() {
        Item active = create(ann, "Chair", "active");

        assertThatThrownBy(() -> markSold(ann, PHONE, active.id(),
                new SaleInput(clock.instant().plus(Duration.ofDays(2)), null, "craigslist")))
                .asInstanceOf(type(InvalidInput.class))
                .satisfies(e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("soldAt", "platform"));
        assertThat(get(ann, active.id()).status()).isEqualTo(ItemStatus.ACTIVE);
    }

    @Test
    void a_deleted_item_is_a_tombstone_that_reads_as_not_found_and_deleting_again_is_harmless() {
        Item item = create(ann, "Lamp", null);

        inventory.delete(ann, PHONE, item.id());
        inventory.delete(ann, PHONE, item.id());

        assertThatThrownBy(() -> get(ann, item.id())).isInstanceOf(ItemNotFound.class);
        assertThat(persistence.items().find(ann, item.id())).get().matches(Item::deleted);
        assertThat(changes(ann)).extracting(ChangeLogEntry::kind).containsExactly(ChangeKind.CREATE, ChangeKind.DELETE);
        assertThat(inventory.list(ann, ItemQuery.newestFirst(10)).items()).isEmpty();
    }

    @Test
    void another_users_item_cannot_be_read_changed_or_deleted() {
        Item item = create(ann, "Lamp", "active");

        assertThatThrownBy(() -> get(bob, item.id())).isInstanceOf(ItemNotFound.class);
        assertThatThrownBy(() -> update(bob, PHONE, item.id(), input("Mine", "1"), Optional.empty())).isInstanceOf(ItemNotFound.class);
        assertThatThrownBy(() -> markSold(bob, PHONE, item.id(), SaleInput.now())).isInstanceOf(ItemNotFound.class);
        assertThatThrownBy(() -> inventory.delete(bob, PHONE, item.id())).isInstanceOf(ItemNotFound.class);
        assertThat(get(ann, item.id())).isEqualTo(item);
    }

    @Test
    void bulk_reports_each_id_and_one_failure_does_not_undo_the_others() {
        Item active1 = create(ann, "Lamp", "active");
        Item draft = create(ann, "Chair", null);
        Item active2 = create(ann, "Table", "active");
        Item bobs = create(bob, "Bob's", "active");
        ItemId missing = new ItemId(UUID.randomUUID());

        List<BulkResult> results = inventory.bulk(ann, PHONE, BulkAction.MARK_SOLD,
                List.of(active1.id(), draft.id(), bobs.id(), missing, active2.id(), active1.id()), SaleInput.now());

        assertThat(results).extracting(BulkResult::id, InventoryTest::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(active1.id(), "ok"),
                org.assertj.core.groups.Tuple.tuple(draft.id(), "illegal-transition"),
                org.assertj.core.groups.Tuple.tuple(bobs.id(), "not-found"),
                org.assertj.core.groups.Tuple.tuple(missing, "not-found"),
                org.assertj.core.groups.Tuple.tuple(active2.id(), "ok"));
        assertThat(get(ann, active1.id()).status()).isEqualTo(ItemStatus.SOLD);
        assertThat(get(ann, active2.id()).status()).isEqualTo(ItemStatus.SOLD);
        assertThat(get(ann, draft.id()).status()).isEqualTo(ItemStatus.DRAFT);
        assertThat(get(bob, bobs.id()).status()).isEqualTo(ItemStatus.ACTIVE);
    }

    @Test
    void bulk_relists_and_deletes() {
        Item sold = markSold(ann, PHONE, create(ann, "Lamp", "active").id(), SaleInput.now());
        Item other = create(ann, "Chair", null);

        assertThat(inventory.bulk(ann, PHONE, BulkAction.RELIST, List.of(sold.id()), SaleInput.now()))
                .extracting(InventoryTest::outcome).containsExactly("ok");
        assertThat(get(ann, sold.id()).status()).isEqualTo(ItemStatus.ACTIVE);
        assertThat(get(ann, sold.id()).lifecycle().sale()).isEmpty();

        inventory.bulk(ann, PHONE, BulkAction.DELETE, List.of(sold.id(), other.id()), SaleInput.now());
        assertThat(inventory.list(ann, ItemQuery.newestFirst(10)).items()).isEmpty();
    }

    @Test
    void bulk_takes_one_to_five_hundred_ids() {
        List<ItemId> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) tooMany.add(new ItemId(UUID.randomUUID()));

        assertThatThrownBy(() -> inventory.bulk(ann, PHONE, BulkAction.DELETE, tooMany, SaleInput.now()))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("500");
        assertThatThrownBy(() -> inventory.bulk(ann, PHONE, BulkAction.DELETE, List.of(), SaleInput.now()))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void every_write_gets_a_higher_version_than_the_last() {
        Item item = create(ann, "Lamp", null);
        clock.advance(Duration.ofSeconds(1));
        Item v2 = update(ann, PHONE, item.id(), input("Lamp", "11", "active"), Optional.empty());
        Item v3 = markSold(ann, PHONE, item.id(), SaleInput.now());
        Item other = create(ann, "Chair", null);

        assertThat(List.of(item.version(), v2.version(), v3.version(), other.version())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(v2.updatedAt()).isAfter(item.updatedAt());
        assertThat(v2.createdAt()).isEqualTo(item.createdAt());
    }

    @Test
    void listing_filters_and_pages_through_the_owners_live_items() {
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            create(ann, "Lamp " + i, i % 2 == 0 ? "active" : null);
        }
        create(bob, "Lamp of Bob", "active");

        var firstPage = inventory.list(ann, ItemQuery.newestFirst(2).withStatus(ItemStatus.ACTIVE));
        var secondPage = inventory.list(ann, ItemQuery.newestFirst(2).withStatus(ItemStatus.ACTIVE).withAfter(firstPage.next().orElseThrow()));

        assertThat(firstPage.items()).extracting(i -> i.item().details().title()).containsExactly("Lamp 4", "Lamp 2");
        assertThat(secondPage.items()).extracting(i -> i.item().details().title()).containsExactly("Lamp 0");
        assertThat(secondPage.next()).isEmpty();
    }
}
