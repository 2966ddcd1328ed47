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

    /** Finding 10.2: values no stored item can have reached PostgreSQL (500s) or were misread (wrong pages). */
    @Test
    void a_forged_cursor_with_a_value_no_item_can_have_is_refused() {
        String id = "00000000-0000-0000-0000-000000000001";
        for (String value : java.util.List.of("+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z",
                "+294277-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z")) {
            assertThat(PageCursor.decode(forged("CREATED", value, id))).as(value).isEmpty();
            assertThat(PageCursor.decode(forged("UPDATED", value, id))).as(value).isEmpty();
        }
        for (String value : java.util.List.of("-1E-999999", "1e999999999", "1E+131072", "1E+200", "-0.01", "0.001", "10000000000.00")) {
            assertThat(PageCursor.decode(forged("PRICE", value, id))).as(value).isEmpty();
        }
        // the edges a stored item can reach are still cursors
        assertThat(PageCursor.decode(forged("CREATED", "9999-12-31T23:59:59.999999Z", id))).isPresent();
        assertThat(PageCursor.decode(forged("CREATED", "0001-01-01T00:00:00Z", id))).isPresent();
        assertThat(PageCursor.decode(forged("PRICE", "9999999999.99", id))).isPresent();
        assertThat(PageCursor.decode(forged("PRICE", "0", id))).isPresent();
    }

    private static String forged(String sort, String value, String id) {
        return java.util.Base64.getUrlEncoder().encodeToString(("v1|" + sort + "|ASC|" + value + "|" + id).getBytes());
    }
}
