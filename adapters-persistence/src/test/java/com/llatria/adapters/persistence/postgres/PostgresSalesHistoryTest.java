package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.SalesHistoryContract;
import com.llatria.adapters.persistence.testing.FreshPostgres;
import com.llatria.domain.ai.SalesHistory;
import com.llatria.domain.ai.SoldComparable;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresSalesHistoryTest extends SalesHistoryContract {
    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();

    @Override
    protected Persistence freshPersistence() {
        return db.persistence();
    }

    /**
     * The cost is bounded by the latest sales compared, not by the history: a close title sold
     * before the latest {@link SalesHistory#COMPARED} is not read at all (a nearest-neighbour scan
     * over every sale found it, and read every sale to do so).
     */
    @Test
    void only_the_latest_sales_are_compared_by_title() throws Exception {
        UserId ann = aUser();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("""
                insert into items (id, owner_id, title, description, price_amount, price_currency, category, status, sold_at,
                                   created_at, updated_at, version, field_stamps)
                select gen_random_uuid(), ?, case when n = 0 then 'Pyrex bowl set vintage' when n = ? then 'Pyrex bowl set' else 'Item ' || n end,
                       '', 10, 'USD', 'Kitchen', 'sold', timestamptz '2026-01-01' + n * interval '1 minute',
                       timestamptz '2026-01-01', timestamptz '2026-01-01', 1, '{}'::jsonb
                from generate_series(0, ?) as n
                """)) {
            s.setObject(1, ann.value());
            s.setInt(2, SalesHistory.COMPARED);
            s.setInt(3, SalesHistory.COMPARED + 1);
            s.execute();
        }

        List<SoldComparable> found = persistence.ai().sales().resembling(ann, new ItemId(UUID.randomUUID()), "Pyrex bowl set vintage",
                Optional.empty(), 1);

        assertThat(found).extracting(SoldComparable::title).as("the oldest sale is outside the window").containsExactly("Pyrex bowl set");
    }
}
