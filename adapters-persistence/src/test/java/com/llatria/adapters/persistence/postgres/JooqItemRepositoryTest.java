package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JooqItemRepositoryTest {
    private final UserId ann = new UserId(UUID.fromString("7f0c1a52-0000-4000-8000-000000000001"));

    /**
     * Findings 10.4 and 10.5: a search must ask the GIN index for the seller's own entries only
     * (or a small seller's search reads, and times, every seller's matches). Since V28 every
     * filter token carries the seller's key, as every word does; the key is V28's, md5 of the id.
     */
    @Test
    void every_filter_token_asked_for_carries_the_sellers_key() {
        String key = "0d4a606f29:"; // left(md5('b68e5605-09a5-4ed1-a33b-7e3cb6fe1bac'), 10) in PostgreSQL
        UserId seller = new UserId(UUID.fromString("b68e5605-09a5-4ed1-a33b-7e3cb6fe1bac"));
        assertThat(JooqItemRepository.ownerKey(seller)).isEqualTo(key);
        assertThat(JooqItemRepository.filterTokens(seller, ItemQuery.newestFirst(20).withStatus(ItemStatus.SOLD).withCategory("a'b\\c")))
                .isEqualTo("'" + key + "#status=sold' & '" + key + "#category=a''b\\\\c'");
        assertThat(JooqItemRepository.filterTokens(seller, ItemQuery.newestFirst(20).withText("zebra"))).as("text alone: words only").isEmpty();
        assertThat(JooqItemRepository.ownerKey(ann)).isNotEqualTo(key);
    }
}
