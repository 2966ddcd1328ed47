package com.llatria.adapters.persistence.contract;

import com.llatria.domain.ai.SoldComparable;
import com.llatria.domain.fixtures.Items;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

public abstract class SalesHistoryContract extends PersistenceContract {
    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");

    private Item sold(UserId owner, String title, String category, String listed, Optional<String> soldFor, int day) {
        Sale sale = new Sale(T0.plusSeconds(86_400L * day), soldFor.map(Money::usd), Optional.empty());
        Item item = Items.anItem().ownedBy(owner).lifecycle(Lifecycle.sold(sale))
                .details(ItemDetails.titled(title, Money.usd(listed)).withCategory(category)).build();
        persistence.items().insert(item);
        return item;
    }

    private ItemId unsaved() {
        return new ItemId(UUID.randomUUID());
    }

    @Test
    void the_nearest_titles_come_first_with_their_sale_price_and_pg_trgm_similarity() {
        UserId ann = aUser();
        Item levis = sold(ann, "Levi's 501 jeans W32 L34", "Clothing", "50.00", Optional.of("42.00"), 1);
        sold(ann, "Levi's 505 jeans W34", "Clothing", "40.00", Optional.empty(), 2);
        sold(ann, "Canon AE-1 camera", "Cameras", "150.00", Optional.of("140.00"), 3);

        List<SoldComparable> found = persistence.ai().sales().resembling(ann, unsaved(), "Levi's 501 jeans W32", Optional.empty(), 2);

        assertThat(found).extracting(SoldComparable::title).containsExactly("Levi's 501 jeans W32 L34", "Levi's 505 jeans W34");
        SoldComparable best = found.get(0);
        assertThat(best.id()).isEqualTo(levis.id());
        assertThat(best.price()).isEqualTo(Money.usd("42.00"));
        // pg_trgm: the query's 21 trigrams are all shared; "l34" adds 3 more ("  l" is shared with "levi")
        assertThat(best.titleSimilarity()).isCloseTo(21.0 / 24, within(0.001));
        assertThat(found.get(1).price()).as("no sale price recorded: the listed price").isEqualTo(Money.usd("40.00"));
    }

    @Test
    void the_latest_sales_in_the_category_are_added_once_each() {
        UserId ann = aUser();
        Item a = sold(ann, "Levi's 501 jeans", "Clothing", "40.00", Optional.empty(), 1);
        Item b = sold(ann, "Wool coat", "Clothing", "90.00", Optional.empty(), 5);
        Item c = sold(ann, "Silk scarf", "Clothing", "20.00", Optional.empty(), 9);
        sold(ann, "Canon AE-1", "Cameras", "150.00", Optional.empty(), 10);

        List<SoldComparable> found = persistence.ai().sales().resembling(ann, unsaved(), "Levi's 501 jeans", Optional.of("Clothing"), 1);

        assertThat(found).extracting(SoldComparable::id).containsExactly(a.id(), c.id());
        assertThat(found).extracting(SoldComparable::id).doesNotContain(b.id());
    }

    @Test
    void only_the_owners_live_sold_items_other_than_the_item_itself_count() {
        UserId ann = aUser();
        UserId bob = aUser();
        Item itself = sold(ann, "Levi's 501 jeans", "Clothing", "40.00", Optional.empty(), 1);
        sold(bob, "Levi's 501 jeans", "Clothing", "40.00", Optional.empty(), 1);
        Item deleted = sold(ann, "Levi's 501 jeans", "Clothing", "40.00", Optional.empty(), 2);
        persistence.items().update(deleted.delete(new Hlc(T0.toEpochMilli(), 0, new DeviceId("phone")), T0, 2));
        persistence.items().insert(Items.anItem().ownedBy(ann).titled("Levi's 501 jeans").lifecycle(Lifecycle.draft()).build());

        assertThat(persistence.ai().sales().resembling(ann, itself.id(), "Levi's 501 jeans", Optional.of("Clothing"), 10)).isEmpty();
    }
}
