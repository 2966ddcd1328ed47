package com.llatria.domain.item;

import com.llatria.domain.fixtures.Items;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PageCursorTest {
    @Test
    void a_cursor_round_trips_through_its_opaque_text() {
        Item item = Items.anItem().priced("19.99").build();
        PageCursor cursor = PageCursor.after(item, ItemSort.PRICE, SortDirection.ASC);

        assertThat(PageCursor.decode(cursor.encode())).contains(cursor);
        assertThat(cursor.sortValue()).isEqualTo("19.99");
    }

    @Test
    void text_that_is_not_a_cursor_of_ours_is_refused() {
        assertThat(PageCursor.decode("hello")).isEmpty();
        assertThat(PageCursor.decode("")).isEmpty();
        String forged = java.util.Base64.getUrlEncoder().encodeToString("v1|PRICE|ASC|1;drop table|x".getBytes());
        assertThat(PageCursor.decode(forged)).isEmpty();
    }
}
