package com.llatria.application.sync;

import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Money;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The next pull page read ahead is served only when it is the page a read at the client's request would give. */
class PagePrefetchTest {
    private static final DeviceId DESK = new DeviceId("desk");
    private static final DeviceId PHONE = new DeviceId("phone");
    private final SyncSystem sync = SyncSystem.inMemory();
    private final UserId ann = sync.user();
    private final UserId bob = sync.user();
    private final PagePrefetch prefetch = new PagePrefetch(sync.persistence.syncFeed(), Runnable::run, sync.clock);
    private long mutationId;

    private ItemId create(String title) {
        ItemId id = new ItemId(UUID.randomUUID());
        Map<ItemField, Write<ItemValue>> fields = new EnumMap<>(ItemField.class);
        Hlc stamp = new Hlc(sync.clock.millis(), (int) mutationId, DESK);
        fields.put(ItemField.TITLE, new Write<>(new ItemValue.Title(title), stamp));
        fields.put(ItemField.PRICE, new Write<>(new ItemValue.Price(Money.usd("20.00")), stamp));
        SyncPush.Result result = sync.push.push(ann, DESK, SyncProblems.SCHEMA_VERSION,
                List.of(new Mutation.Upsert(++mutationId, id, 0, fields)));
        assertThat(result.results()).hasSize(1);
        return id;
    }

    private List<ItemId> pullAll(int limit) {
        List<ItemId> got = new ArrayList<>();
        long cursor = 0;
        SyncPull.Page page;
        do {
            page = sync.pull.pull(ann, PHONE, SyncProblems.SCHEMA_VERSION, cursor, limit);
            page.changes().forEach(change -> got.add(change.item().id()));
            cursor = page.cursor();
        } while (page.hasMore());
        return got;
    }

    @Test
    void a_page_read_ahead_is_the_page_a_read_now_gives_and_is_served_once() {
        for (int i = 0; i < 5; i++) create("Lamp " + i);
        SyncFeed feed = sync.persistence.syncFeed();

        prefetch.readAhead(ann, 2, 3);

        assertThat(prefetch.take(ann, 2, 3)).contains(feed.page(ann, 2, 3));
        assertThat(prefetch.take(ann, 2, 3)).as("served once").isEmpty();
    }

    @Test
    void a_write_after_the_read_ahead_makes_the_page_read_again() {
        // Page 1 (limit 2) has more, so page 2 is read ahead: one item and the end, as of then.
        List<ItemId> items = new ArrayList<>(List.of(create("Lamp"), create("Mug"), create("Vase")));
        SyncPull.Page first = sync.pull.pull(ann, PHONE, SyncProblems.SCHEMA_VERSION, 0, 2);
        assertThat(first.hasMore()).isTrue();
        items.add(create("Chair, written after the read ahead"));

        SyncPull.Page second = sync.pull.pull(ann, PHONE, SyncProblems.SCHEMA_VERSION, first.cursor(), 2);

        assertThat(second.changes()).extracting(change -> change.item().id()).containsExactlyElementsOf(items.subList(2, 4));
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void page_sets_pulled_with_reads_ahead_hold_every_item_once_in_order() {
        List<ItemId> items = new ArrayList<>();
        for (int i = 0; i < 23; i++) items.add(create("Item " + i));
        for (int limit : new int[]{1, 2, 5, 7, 22, 23, 24}) assertThat(pullAll(limit)).as("limit %d", limit).isEqualTo(items);
    }

    @Test
    void a_page_read_ahead_goes_to_its_owner_only_and_only_while_fresh() {
        for (int i = 0; i < 4; i++) create("Lamp " + i);

        prefetch.readAhead(ann, 1, 2);
        assertThat(prefetch.take(bob, 1, 2)).as("another owner").isEmpty();
        assertThat(prefetch.take(ann, 1, 3)).as("another limit").isEmpty();
        assertThat(prefetch.take(ann, 2, 2)).as("another cursor").isEmpty();
        sync.clock.advance(PagePrefetch.FRESH.plus(Duration.ofMillis(1)));
        assertThat(prefetch.take(ann, 1, 2)).as("too old").isEmpty();
    }

    @Test
    void at_most_a_few_pages_wait() {
        for (int i = 0; i < 3; i++) create("Lamp " + i);
        for (int cursor = 0; cursor < PagePrefetch.MAX_HELD + 5; cursor++) prefetch.readAhead(ann, cursor, 2);
        assertThat(prefetch.held()).isEqualTo(PagePrefetch.MAX_HELD);
        assertThat(prefetch.take(ann, PagePrefetch.MAX_HELD + 4, 2)).as("the newest is kept").isPresent();
        assertThat(prefetch.take(ann, 0, 2)).as("the oldest went").isEmpty();
    }
}
