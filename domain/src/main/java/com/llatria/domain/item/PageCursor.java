package com.llatria.domain.item;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the next page starts: the sort key and id of the last item returned. Keyset paging, so
 * page 1000 costs what page 1 costs. Clients see it as an opaque string.
 */
public record PageCursor(ItemSort sort, SortDirection direction, String sortValue, ItemId lastId) {
    public PageCursor {
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(sortValue, "sortValue");
        Objects.requireNonNull(lastId, "lastId");
    }

    public static PageCursor after(Item item, ItemSort sort, SortDirection direction) {
        return new PageCursor(sort, direction, sortValue(item, sort), item.id());
    }

    /** The sort key as text: an ISO instant or a plain decimal. */
    public static String sortValue(Item item, ItemSort sort) {
        return switch (sort) {
            case CREATED -> item.createdAt().toString();
            case UPDATED -> item.updatedAt().toString();
            case PRICE -> item.details().price().amount().toPlainString();
        };
    }

    public String encode() {
        String raw = String.join("|", "v1", sort.name(), direction.name(), sortValue, lastId.toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Empty when the text is not a cursor this server made. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public static Optional<PageCursor> decode(String text) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length != 5 || !parts[0].equals("v1")) return Optional.empty();
            ItemSort sort = ItemSort.valueOf(parts[1]);
            String value = parts[3];
            // Check the value parses and is one a stored item can have (a price as Money allows, a
            // time between the years 1 and 9999), so a forged cursor cannot reach a query: the
            // database refuses times and scales beyond its own ranges, and misreads huge numbers.
            if (sort == ItemSort.PRICE) {
                if (!Money.problems(new BigDecimal(value)).isEmpty()) return Optional.empty();
            } else {
                Instant at = Instant.parse(value);
                if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) return Optional.empty();
            }
            return Optional.of(new PageCursor(sort, SortDirection.valueOf(parts[2]), value, ItemId.of(parts[4])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
