package com.llatria.adapters.persistence.benchmark;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemSort;
import com.llatria.domain.item.SortDirection;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One seller with 100,000 items (and another with 100,000 more) in embedded PostgreSQL 17:
 * how long the repository takes for page 1 and for page 1000 of 50 items, keyset paging,
 * next to what OFFSET paging would cost for the same page. Run by benchmarks/keyset-paging/run.sh.
 */
public final class KeysetPagingBenchmark {
    private static final int ITEMS = 100_000;
    private static final int PAGE = 50;
    private static final int RUNS = 200;

    public static void main(String[] args) throws Exception {
        try (HikariDataSource db = TestPostgres.freshDatabase()) {
            Persistence persistence = Persistence.postgres(db);
            UserId seller = user(persistence, "seller@example.com");
            UserId other = user(persistence, "other@example.com");
            fill(db, seller);
            fill(db, other);
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE items");
            }
            System.out.printf("%d items for each of 2 sellers; pages of %d; median of %d runs%n", ITEMS, PAGE, RUNS);
            for (ItemSort sort : List.of(ItemSort.CREATED, ItemSort.PRICE)) {
                SortDirection direction = sort == ItemSort.CREATED ? SortDirection.DESC : SortDirection.ASC;
                ItemQuery first = ItemQuery.newestFirst(PAGE).sortedBy(sort, direction);
                ItemPage page = persistence.items().search(seller, first);
                for (int i = 1; i < 999; i++) page = persistence.items().search(seller, first.withAfter(page.next().orElseThrow()));
                ItemQuery thousandth = first.withAfter(page.next().orElseThrow());
                double p1 = median(() -> persistence.items().search(seller, first));
                double p1000 = median(() -> persistence.items().search(seller, thousandth));
                String column = sort == ItemSort.CREATED ? "created_at desc, id desc" : "price_amount asc, id asc";
                double offset = median(() -> offsetPage(db, seller, column, 999 * PAGE));
                System.out.printf("sort %-7s page 1: %.2f ms   page 1000 (keyset): %.2f ms   page 1000 with OFFSET: %.2f ms%n",
                        sort.name().toLowerCase(), p1, p1000, offset);
            }
            ItemQuery text = ItemQuery.newestFirst(PAGE).withText("lamp 99");
            ItemQuery nothing = ItemQuery.newestFirst(PAGE).withText("no such words");
            System.out.printf("text query q='lamp 99' (common), page 1: %.2f ms; q matching nothing (reads all the seller's rows): %.2f ms%n",
                    median(() -> persistence.items().search(seller, text)), median(() -> persistence.items().search(seller, nothing)));
        }
    }

    private static UserId user(Persistence persistence, String email) {
        UserId id = new UserId(UUID.randomUUID());
        persistence.users().insert(new User(id, new Email(email), "$2a$10$x", Instant.now()));
        return id;
    }

    /** Rows straight through SQL: the repository would take minutes for 100,000 single inserts. */
    private static void fill(HikariDataSource db, UserId owner) throws Exception {
        String stamps = "'{" + java.util.Arrays.stream(com.llatria.domain.item.ItemField.values())
                .map(f -> "\"" + f + "\":{\"stamp\":\"0000000000000000-00000-server\",\"version\":1}")
                .collect(java.util.stream.Collectors.joining(",")) + "}'";
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    insert into items (id, owner_id, title, description, price_amount, price_currency, status,
                                       created_at, updated_at, version, field_stamps)
                    select gen_random_uuid(), '%s', 'Lamp ' || n, 'Item number ' || n, (n %% 500) + 0.99, 'USD',
                           case when n %% 3 = 0 then 'active' else 'draft' end,
                           timestamptz '2026-01-01' + n * interval '1 minute', timestamptz '2026-01-01' + n * interval '1 minute',
                           n, %s::jsonb
                    from generate_series(1, %d) as n
                    """.formatted(owner, stamps, ITEMS));
        }
    }

    private static int offsetPage(HikariDataSource db, UserId owner, String order, int offset) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select * from items where owner_id = ? and deleted_at is null order by "
                     + order + " offset ? limit " + PAGE)) {
            s.setObject(1, owner.value());
            s.setInt(2, offset);
            int rows = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) rows++;
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(Supplier<?> work) {
        for (int i = 0; i < 20; i++) work.get();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.get();
            times.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(times);
        return times.get(RUNS / 2);
    }
}
