package com.llatria.adapters.persistence.contract;

import com.llatria.domain.fixtures.Items;
import com.llatria.domain.item.Item;
import com.llatria.domain.sync.ChangeKind;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;

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

    @Test
    void changes_after_a_cursor_come_in_version_order_tombstones_included_a_page_at_a_time() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item third = stored(ann, 3);
        Item first = stored(ann, 1);
        Item gone = deleted(ann, 2, T0);
        stored(bob, 2);

        assertThat(persistence.syncFeed().changedSince(ann, 0, 10)).extracting(Item::id)
                .containsExactly(first.id(), gone.id(), third.id());
        assertThat(persistence.syncFeed().changedSince(ann, 0, 2)).extracting(Item::id).containsExactly(first.id(), gone.id());
        assertThat(persistence.syncFeed().changedSince(ann, 2, 10)).containsExactly(third);
        assertThat(persistence.syncFeed().changedSince(ann, 1, 1).get(0).deleted()).isTrue();
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
        assertThat(persistence.syncFeed().changedSince(ann, 0, 10)).containsExactly(live, recent);
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
