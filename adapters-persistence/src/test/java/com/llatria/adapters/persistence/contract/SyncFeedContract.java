package com.llatria.adapters.persistence.contract;

import com.llatria.domain.posting.PostingState;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.fixtures.Items;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class SyncFeedContract extends PersistenceContract {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private Item stored(UserId owner, long version) {
        Item item = Items.anItem().ownedBy(owner).version(version).build();
        persistence.items().insert(item);
        return item;
    }

    private Item deleted(UserId owner, long version, Instant at) {
        Item item = Items.anItem().ownedBy(owner).version(version).build().delete(new Hlc(1, 0, DeviceId.SERVER), at, version);
        persistence.items().insert(item);
        return item;
    }

    private List<Item> changed(UserId owner, long after, int limit) {
        return persistence.syncFeed().page(owner, after, limit).items().stream().map(ItemWithPhotos::item).toList();
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

    @Test
    void a_page_carries_each_item_s_photos_in_order_its_postings_and_the_owner_s_version_and_floor_of_the_same_read() {
        UserId ann = aUser();
        UserId bob = aUser();
        assertThat(persistence.syncFeed().page(ann, 0, 10)).isEqualTo(new SyncFeed.Page(0, 0, List.of()));
        Item lamp = stored(ann, 1);
        Item mug = stored(ann, 2);
        ItemImage second = photo(ann, lamp.id(), 1, T0);
        ItemImage first = photo(ann, lamp.id(), 0, T0.plusNanos(123_000));
        Item bobs = stored(bob, 1);
        photo(bob, bobs.id(), 0, T0);
        PlatformPosting facebook = new PlatformPosting(new PostingId(UUID.randomUUID()), ann, lamp.id(), Platform.FACEBOOK,
                PostingMode.ASSISTED, new PostingState.Posting(1, T0, Optional.empty()), Optional.empty(), List.of(), Optional.empty(), 1);
        PlatformPosting ebay = new PlatformPosting(new PostingId(UUID.randomUUID()), ann, lamp.id(), Platform.EBAY, PostingMode.API,
                new PostingState.Failed("eBay refused", 2, T0, Optional.of(T0.plusSeconds(60)), Optional.empty()), Optional.of("offer-1"),
                List.of("a warning"), Optional.of("11450"), 1);
        persistence.postings().save(facebook);
        persistence.postings().save(ebay);
        persistence.postings().save(PlatformPosting.idle(new PostingId(UUID.randomUUID()), bob, bobs.id(), Platform.EBAY, PostingMode.API));
        persistence.transactions().inTransaction(() -> {
            persistence.changeLog().append(ann, ChangeLogContract.change(ChangeKind.CREATE));
            persistence.changeLog().append(ann, ChangeLogContract.change(ChangeKind.CREATE));
            return persistence.changeLog().append(ann, ChangeLogContract.change(ChangeKind.CREATE));
        });
        deleted(ann, 3, T0);
        persistence.syncFeed().purgeTombstones(T0.plusSeconds(1), 10);

        SyncFeed.Page page = persistence.syncFeed().page(ann, 0, 10);

        assertThat(page.currentVersion()).isEqualTo(3);
        assertThat(page.floor()).isEqualTo(3);
        assertThat(page.items()).containsExactly(new ItemWithPhotos(lamp, List.of(first, second), List.of(ebay, facebook)),
                new ItemWithPhotos(mug, List.of(), List.of()));
        assertThat(persistence.syncFeed().page(ann, 2, 10)).isEqualTo(new SyncFeed.Page(3, 3, List.of()));
    }

    @Test
    void changes_after_a_cursor_come_in_version_order_tombstones_included_a_page_at_a_time() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item third = stored(ann, 3);
        Item first = stored(ann, 1);
        Item gone = deleted(ann, 2, T0);
        stored(bob, 2);

        assertThat(changed(ann, 0, 10)).extracting(Item::id)
                .containsExactly(first.id(), gone.id(), third.id());
        assertThat(changed(ann, 0, 2)).extracting(Item::id).containsExactly(first.id(), gone.id());
        assertThat(changed(ann, 2, 10)).containsExactly(third);
        assertThat(changed(ann, 1, 1).get(0).deleted()).isTrue();
    }

    @Test
    void the_current_version_is_the_last_one_handed_out() {
        UserId ann = aUser();
        assertThat(persistence.syncFeed().currentVersion(ann)).isZero();

        persistence.transactions().inTransaction(() -> {
            persistence.changeLog().append(ann, ChangeLogContract.change(ChangeKind.CREATE));
            return persistence.changeLog().append(ann, ChangeLogContract.change(ChangeKind.UPDATE));
        });

        assertThat(persistence.syncFeed().currentVersion(ann)).isEqualTo(2);
    }

    @Test
    void purging_old_tombstones_raises_the_floor_past_them_and_leaves_everything_else() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item live = stored(ann, 1);
        deleted(ann, 2, T0);
        deleted(ann, 4, T0.plusSeconds(10));
        Item recent = deleted(ann, 5, T0.plusSeconds(100));
        deleted(bob, 7, T0);
        assertThat(persistence.syncFeed().floor(ann)).isZero();

        int purged = persistence.syncFeed().purgeTombstones(T0.plusSeconds(50), 100);

        assertThat(purged).isEqualTo(3);
        assertThat(persistence.syncFeed().floor(ann)).isEqualTo(4);
        assertThat(persistence.syncFeed().floor(bob)).isEqualTo(7);
        assertThat(changed(ann, 0, 10)).containsExactly(live, recent);
        assertThat(persistence.items().find(ann, live.id())).isPresent();
    }

    @Test
    void purging_goes_a_batch_at_a_time_and_the_floor_never_goes_down() {
        UserId ann = aUser();
        deleted(ann, 9, T0);
        persistence.syncFeed().purgeTombstones(T0.plusSeconds(1), 10);
        deleted(ann, 3, T0);
        deleted(ann, 4, T0);

        assertThat(persistence.syncFeed().purgeTombstones(T0.plusSeconds(1), 1)).isEqualTo(1);
        assertThat(persistence.syncFeed().purgeTombstones(T0.plusSeconds(1), 1)).isEqualTo(1);
        assertThat(persistence.syncFeed().purgeTombstones(T0.plusSeconds(1), 1)).isZero();
        assertThat(persistence.syncFeed().floor(ann)).isEqualTo(9);
    }
}
