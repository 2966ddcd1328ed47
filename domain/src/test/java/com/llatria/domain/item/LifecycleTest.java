package com.llatria.domain.item;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {
    private static final Sale SALE = new Sale(Instant.parse("2026-11-02T12:00:00Z"), Optional.of(Money.usd("40.00")),
            Optional.of(SalesChannel.EBAY));
    private static final List<StatusChange> ALL_CHANGES = List.of(new StatusChange.Activate(),
            new StatusChange.MarkSold(SALE), new StatusChange.Relist(), new StatusChange.ReturnToDraft());
    private static final Map<ItemStatus, Set<Class<?>>> ALLOWED = Map.of(
            ItemStatus.DRAFT, Set.of(StatusChange.Activate.class),
            ItemStatus.ACTIVE, Set.of(StatusChange.MarkSold.class, StatusChange.ReturnToDraft.class),
            ItemStatus.SOLD, Set.of(StatusChange.Relist.class));

    private static Lifecycle in(ItemStatus status) {
        return status == ItemStatus.SOLD ? Lifecycle.sold(SALE) : Lifecycle.of(status);
    }

    @Test
    void every_status_allows_exactly_the_documented_changes() {
        for (ItemStatus status : ItemStatus.values()) {
            for (StatusChange change : ALL_CHANGES) {
                Transition result = in(status).apply(change);
                boolean allowed = ALLOWED.get(status).contains(change.getClass());
                assertThat(result instanceof Transition.Moved)
                        .as("%s + %s", status, change.getClass().getSimpleName()).isEqualTo(allowed);
                if (result instanceof Transition.Moved moved) {
                    assertThat(moved.next().status()).isEqualTo(change.target());
                } else {
                    Transition.Refused refused = (Transition.Refused) result;
                    assertThat(refused.from()).isEqualTo(status);
                    assertThat(refused.reason()).contains(status.wireName()).contains(change.target().wireName());
                }
            }
        }
    }

    @Test
    void marking_sold_keeps_the_sale_and_relisting_drops_it() {
        Transition sold = Lifecycle.of(ItemStatus.ACTIVE).apply(new StatusChange.MarkSold(SALE));
        Lifecycle soldLifecycle = ((Transition.Moved) sold).next();
        assertThat(soldLifecycle.sale()).contains(SALE);

        Transition relisted = soldLifecycle.apply(new StatusChange.Relist());
        assertThat(((Transition.Moved) relisted).next()).isEqualTo(Lifecycle.of(ItemStatus.ACTIVE));
    }

    @Test
    void marking_a_sold_item_sold_again_is_refused() {
        assertThat(Lifecycle.sold(SALE).apply(new StatusChange.MarkSold(SALE))).isInstanceOf(Transition.Refused.class);
    }

    @Test
    void a_sold_status_without_a_sale_cannot_exist() {
        assertThatThrownBy(() -> new Lifecycle(ItemStatus.SOLD, Optional.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lifecycle(ItemStatus.ACTIVE, Optional.of(SALE))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void naming_active_means_relist_for_a_sold_item_and_activate_for_a_draft() {
        Instant now = Instant.parse("2026-11-03T00:00:00Z");
        assertThat(Lifecycle.sold(SALE).towards(ItemStatus.ACTIVE, now)).isInstanceOf(StatusChange.Relist.class);
        assertThat(Lifecycle.draft().towards(ItemStatus.ACTIVE, now)).isInstanceOf(StatusChange.Activate.class);
        assertThat(Lifecycle.of(ItemStatus.ACTIVE).towards(ItemStatus.SOLD, now))
                .isEqualTo(new StatusChange.MarkSold(new Sale(now, Optional.empty(), Optional.empty())));
    }
}
