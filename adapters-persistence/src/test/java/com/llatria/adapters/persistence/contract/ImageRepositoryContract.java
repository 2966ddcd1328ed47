package com.llatria.adapters.persistence.contract;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class ImageRepositoryContract extends PersistenceContract {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private Item item(UserId owner) {
        Item item = Items.anItem().ownedBy(owner).build();
        persistence.items().insert(item);
        return item;
    }

    private ItemImage image(UserId owner, ItemId item, int position) {
        ImageId id = new ImageId(UUID.randomUUID());
        List<StoredRendition> renditions = List.of(
                new StoredRendition(ImageVariant.THUMBNAIL, ImageFormat.WEBP, ItemImage.key(owner, item, id, ImageVariant.THUMBNAIL, ImageFormat.WEBP, position), 150, 150),
                new StoredRendition(ImageVariant.FULL, ImageFormat.JPEG, ItemImage.key(owner, item, id, ImageVariant.FULL, ImageFormat.JPEG, position), 2048, 1536));
        ItemImage image = new ItemImage(id, owner, item, position, T0.plusSeconds(position), renditions);
        persistence.images().insert(image);
        return image;
    }

    @Test
    void photos_come_back_whole_and_in_position_order() {
        UserId ann = aUser();
        Item lamp = item(ann);
        ItemImage second = image(ann, lamp.id(), 1);
        ItemImage first = image(ann, lamp.id(), 0);

        assertThat(persistence.images().forItem(ann, lamp.id())).containsExactly(first, second);
    }

    @Test
    void another_owner_sees_and_changes_none_of_them() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item lamp = item(ann);
        ItemImage photo = image(ann, lamp.id(), 0);

        assertThat(persistence.images().forItem(bob, lamp.id())).isEmpty();
        assertThat(persistence.images().forItems(bob, List.of(lamp.id())).get(lamp.id())).isEmpty();
        assertThat(persistence.images().delete(bob, lamp.id(), photo.id())).isFalse();
        persistence.images().reorder(bob, lamp.id(), List.of(photo.id()));
        assertThat(persistence.images().deleteAll(bob, lamp.id())).isEmpty();
        assertThat(persistence.images().forItem(ann, lamp.id())).containsExactly(photo);
    }

    @Test
    void photos_of_several_items_come_in_one_call() {
        UserId ann = aUser();
        Item lamp = item(ann);
        Item chair = item(ann);
        Item bare = item(ann);
        ItemImage lampPhoto = image(ann, lamp.id(), 0);
        ItemImage chairPhoto = image(ann, chair.id(), 0);

        Map<ItemId, List<ItemImage>> photos = persistence.images().forItems(ann, List.of(lamp.id(), chair.id(), bare.id()));

        assertThat(photos.get(lamp.id())).containsExactly(lampPhoto);
        assertThat(photos.get(chair.id())).containsExactly(chairPhoto);
        assertThat(photos.get(bare.id())).isEmpty();
    }

    @Test
    void reordering_gives_each_photo_its_index() {
        UserId ann = aUser();
        Item lamp = item(ann);
        ItemImage a = image(ann, lamp.id(), 0);
        ItemImage b = image(ann, lamp.id(), 1);
        ItemImage c = image(ann, lamp.id(), 2);

        persistence.images().reorder(ann, lamp.id(), List.of(c.id(), a.id(), b.id()));

        assertThat(persistence.images().forItem(ann, lamp.id())).extracting(ItemImage::id, ItemImage::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(c.id(), 0), org.assertj.core.groups.Tuple.tuple(a.id(), 1),
                        org.assertj.core.groups.Tuple.tuple(b.id(), 2));
    }

    @Test
    void deleting_one_or_all_returns_what_was_removed() {
        UserId ann = aUser();
        Item lamp = item(ann);
        ItemImage a = image(ann, lamp.id(), 0);
        ItemImage b = image(ann, lamp.id(), 1);
        ItemImage c = image(ann, lamp.id(), 2);

        assertThat(persistence.images().delete(ann, lamp.id(), a.id())).isTrue();
        assertThat(persistence.images().delete(ann, lamp.id(), a.id())).isFalse();
        assertThat(persistence.images().deleteAll(ann, lamp.id())).containsExactlyInAnyOrder(b, c);
        assertThat(persistence.images().forItem(ann, lamp.id())).isEmpty();
    }

    @Test
    void the_version_of_the_last_photo_write_is_kept_per_item_and_owner() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item lamp = item(ann);
        Item chair = item(ann);
        assertThat(persistence.images().photosVersion(ann, lamp.id())).as("none known yet").isZero();

        persistence.images().photosWritten(ann, lamp.id(), 4);
        persistence.images().photosWritten(ann, lamp.id(), 7);
        persistence.images().photosWritten(bob, chair.id(), 9);

        assertThat(persistence.images().photosVersion(ann, lamp.id())).isEqualTo(7);
        assertThat(persistence.images().photosVersion(ann, chair.id())).as("another owner wrote nothing").isZero();
        assertThat(persistence.images().photosVersion(bob, lamp.id())).as("another owner reads nothing").isZero();
        assertThat(persistence.items().find(ann, lamp.id()).orElseThrow().version()).as("the item itself is as it was").isEqualTo(lamp.version());
    }

    @Test
    void a_photo_write_rolled_back_leaves_the_version_as_it_was() {
        UserId ann = aUser();
        Item lamp = item(ann);
        persistence.images().photosWritten(ann, lamp.id(), 3);

        try {
            persistence.transactions().inTransaction(() -> {
                persistence.images().photosWritten(ann, lamp.id(), 5);
                throw new IllegalStateException("the write failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }

        assertThat(persistence.images().photosVersion(ann, lamp.id())).isEqualTo(3);
    }
}
