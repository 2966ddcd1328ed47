package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.item.Condition;
import com.llatria.domain.item.DeferredStamps;
import com.llatria.domain.item.Deletion;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.Optional;
import java.util.UUID;

/** Items read with plain JDBC: the column list and the row mapping, for queries whose SQL is written once. */
final class ItemRows {
    /** The columns {@link #read} expects, in its order; the search vector is never fetched. */
    static final String COLUMNS = "id, owner_id, title, description, price_amount, price_currency, condition, category, sku, "
            + "cost_amount, cost_currency, status, sold_at, sold_price_amount, sold_price_currency, sold_channel, "
            + "created_at, updated_at, version, deleted_at, deleted_stamp, field_stamps, deletes_seen";
    static final int COLUMN_COUNT = 23;

    private ItemRows() {
    }

    static Item read(ResultSet r) throws SQLException {
        ItemDetails details = new ItemDetails(
                r.getString(3),
                r.getString(4),
                money(r.getBigDecimal(5), r.getString(6)).orElseThrow(),
                Optional.ofNullable(r.getString(7)).flatMap(Condition::fromWire),
                Optional.ofNullable(r.getString(8)),
                Optional.ofNullable(r.getString(9)),
                money(r.getBigDecimal(10), r.getString(11)));
        ItemStatus status = ItemStatus.fromWire(r.getString(12)).orElseThrow();
        Lifecycle lifecycle = status == ItemStatus.SOLD
                ? Lifecycle.sold(new Sale(instant(r, 13), money(r.getBigDecimal(14), r.getString(15)),
                        Optional.ofNullable(r.getString(16)).flatMap(SalesChannel::fromWire)))
                : Lifecycle.of(status);
        java.time.Instant deletedAt = instant(r, 20);
        String existenceStamp = r.getString(21);
        Optional<Deletion> deletion = deletedAt == null ? Optional.empty()
                : Optional.of(new Deletion(deletedAt, Hlc.decode(existenceStamp)));
        // deleted_stamp without deleted_at: the stamp of the restore that brought the item back
        Optional<Hlc> restored = deletedAt != null || existenceStamp == null ? Optional.empty() : Optional.of(Hlc.decode(existenceStamp));
        // stamps are for sync: parsed only if something asks for them (a read for a client never does)
        String stamps = r.getString(22);
        return new Item(new ItemId(r.getObject(1, UUID.class)), new UserId(r.getObject(2, UUID.class)), details, lifecycle,
                instant(r, 17), instant(r, 18), r.getLong(19), deletion, new DeferredStamps(() -> FieldStampsJson.read(stamps)), restored,
                FieldStampsJson.readSeen(r.getString(23)));
    }

    private static java.time.Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime time = r.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static Optional<Money> money(BigDecimal amount, String currency) {
        return amount == null ? Optional.empty() : Optional.of(new Money(amount, Currency.getInstance(currency)));
    }
}
