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
     * Findings 10.4 and 10.5: without the seller's own token, the GIN index answered a search
     * with every seller's matches and the owner was checked row by row afterwards, so a small
     * seller's search took as long as the word was common on the whole server (a timing side
     * channel), and a word nobody had still walked the big seller's whole stock.
     */
    @Test
    void every_search_asks_the_index_for_the_sellers_own_entries_only() {
        String own = "'#owner=" + ann.value() + "'";
        assertThat(JooqItemRepository.searchTokens(ann, ItemQuery.newestFirst(20).withText("zebra"), true)).isEqualTo(own);
        assertThat(JooqItemRepository.searchTokens(ann, ItemQuery.newestFirst(20).withStatus(ItemStatus.SOLD), false))
                .isEqualTo(own + " & '#status=sold'");
        assertThat(JooqItemRepository.searchTokens(ann, ItemQuery.newestFirst(20).withText("zebra").withStatus(ItemStatus.SOLD), true))
                .isEqualTo(own + " & '#status=sold'");
        assertThat(JooqItemRepository.searchTokens(ann, ItemQuery.newestFirst(20), false)).as("a plain list is no search").isEmpty();
    }
}
