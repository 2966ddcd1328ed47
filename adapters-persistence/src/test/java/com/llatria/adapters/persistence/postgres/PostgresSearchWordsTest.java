package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.SearchText;
import com.llatria.domain.user.UserId;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The search vector's words carry their owner's key (V28): what that changes inside PostgreSQL, and the upgrade to it. */
class PostgresSearchWordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HikariDataSource dataSource;

    @AfterEach
    void close() {
        if (dataSource != null) dataSource.close();
    }

    /**
     * The rest of finding 10.4: a word prefix is a partial match, which GIN answers by collecting
     * every entry that begins with it. Without the owner's key on the words, a seller with one
     * item searching "zeb" collected the entries of another seller's 20,000 distinct "zebra…"
     * words (dozens of index pages, growing with the other seller's stock); with it, the search
     * reads as many index pages as one for a prefix nobody has. Pages read, not time, so it is
     * the same on any machine.
     */
    @Test
    void a_prefix_search_reads_only_the_sellers_own_index_entries() throws Exception {
        dataSource = TestPostgres.freshDatabase();
        Persistence.postgres(dataSource);
        UserId small = user("small");
        UserId big = user("big");
        seed(big, 20_000, "'zebra' || n || ' lamp'");
        seed(small, 1, "'giraffe cup'");

        long common = indexPagesRead(small, "zeb");
        long nobody = indexPagesRead(small, "qqq");
        long own = indexPagesRead(small, "gir");

        assertThat(nobody).as("a prefix nobody has").isLessThan(10);
        assertThat(common).as("a prefix only another seller has").isLessThanOrEqualTo(nobody + 1);
        assertThat(own).as("the seller's own prefix").isLessThanOrEqualTo(nobody + 1);
        assertThat(indexPagesRead(big, "zeb")).as("the big seller's own prefix does read its entries").isGreaterThan(common + 10);
    }

    /**
     * A text search walks the sort index first only where PostgreSQL's statistics say the GIN
     * index would read many of the seller's entries and the walk would fill the page soon: the
     * common words of a seller with thousands of items. Rare words, and any words of a seller with
     * few items, ask the GIN index, which then reads little (a walk of a small seller's stock for
     * a rare word cost 10-40 times more than the GIN index in the reads benchmark).
     */
    @Test
    void only_common_words_of_a_large_stock_walk_first() throws Exception {
        dataSource = TestPostgres.freshDatabase();
        Persistence persistence = Persistence.postgres(dataSource);
        UserId big = user("big");
        UserId small = user("small");
        seed(big, 6_000, "(array['red','blue','green'])[1 + n % 3] || ' ' || (array['jacket','lamp','mug','vase'])[1 + n % 4]");
        seed(small, 40, "(array['red','blue','green'])[1 + n % 3] || ' ' || (array['jacket','lamp','mug','vase'])[1 + n % 4]");
        JooqItemRepository items = new JooqItemRepository(PostgresDatabase.jooq((JooqTransactions) persistence.transactions()));
        ItemQuery page = ItemQuery.newestFirst(20);

        assertThat(items.walksFirst(big, SearchText.of("red jacket"), page)).as("common words, a large stock").isTrue();
        assertThat(items.walksFirst(big, SearchText.of("red"), page.withStatus(ItemStatus.ACTIVE))).isTrue();
        assertThat(items.walksFirst(big, SearchText.of("LL-000042"), page)).as("a SKU: one rare prefix").isFalse();
        assertThat(items.walksFirst(big, SearchText.of("zzyzx"), page)).as("a word nobody has").isFalse();
        assertThat(items.walksFirst(small, SearchText.of("red jacket"), page)).as("the same words, a small stock").isFalse();
        assertThat(items.walksFirst(big, SearchText.of("red jacket"), ItemQuery.newestFirst(100).withCondition(Condition.POOR)))
                .as("too rare a combination for the walk's bound to fill a page of 100").isFalse();
    }

    /**
     * The upgrade rewrites the search column of every item: a database main had migrated before
     * this (V27; finding 10.16: numbered below an applied migration, V25 made Flyway refuse to
     * start) takes V28, and its items answer every search, filter and page after it exactly as
     * before (set and order), and the words another seller's item holds still find nothing.
     */
    @Test
    void upgrading_to_owner_keyed_words_keeps_every_search_answer() throws Exception {
        dataSource = TestPostgres.freshDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/llatria").table(PostgresDatabase.HISTORY_TABLE)
                .baselineOnMigrate(true).baselineVersion("0").target("27").load().migrate();
        UserId ann = user("ann");
        UserId bob = user("bob");
        seed(ann, 600, "(array['Levi''s','Patagonia','Pyrex','Le Creuset'])[1 + n % 4] || ' ' || "
                + "(array['jacket','jeans','mug','lamp','skillet'])[1 + n % 5] || ', ' || (array['red','blue','İSTANBUL','café'])[1 + n % 4]");
        seed(bob, 50, "'Patagonia jacket red, bob''s'");
        List<UnaryOperator<ItemQuery>> queries = List.of(
                q -> q.withText("patagonia"), q -> q.withText("red jacket"), q -> q.withText("pat jac"), q -> q.withText("le"),
                q -> q.withText("LL-000042"), q -> q.withText("000042"), q -> q.withText("İstanbul"), q -> q.withText("CAFÉ"),
                q -> q.withText("xxxxxxxxxx"), q -> q.withText("bob"), q -> q.withText("zzyzx"),
                q -> q.withText("patagonia").withCategory("Clothing"), q -> q.withText("red").withStatus(ItemStatus.SOLD),
                q -> q.withText("pyrex").withCondition(Condition.USED).withPriceRange(new java.math.BigDecimal("5"), new java.math.BigDecimal("300")),
                q -> q.withCategory("Kitchen").withStatus(ItemStatus.ACTIVE), q -> q);
        Map<String, List<UUID>> before = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) before.put("query " + i, idsBeforeV28(ann, queries.get(i).apply(ItemQuery.newestFirst(100))));
        assertThat(before.values()).as("the queries find something").filteredOn(ids -> !ids.isEmpty()).hasSizeGreaterThan(10);

        Persistence upgraded = Persistence.postgres(dataSource);

        for (int i = 0; i < queries.size(); i++) {
            List<UUID> after = new ArrayList<>();
            ItemQuery query = queries.get(i).apply(ItemQuery.newestFirst(7));
            while (true) {
                ItemPage page = upgraded.items().search(ann, query);
                page.items().stream().map(item -> item.id().value()).forEach(after::add);
                if (page.next().isEmpty()) break;
                query = query.withAfter(page.next().get());
            }
            assertThat(after).as("query " + i + ", paged in sevens after the upgrade").containsExactlyElementsOf(before.get("query " + i));
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from items where search::text not like '%''' || left(md5(owner_id::text), 10) || ':%'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("items whose words lack their owner's key").isZero();
        }
    }

    /** Every match of {@code query} for {@code owner}, newest first, the way V8's vector was searched before V28. */
    private List<UUID> idsBeforeV28(UserId owner, ItemQuery query) throws SQLException {
        Optional<SearchText> text = query.text().map(SearchText::of).filter(t -> !t.isEmpty());
        StringBuilder sql = new StringBuilder("select id from items where owner_id = ? and deleted_at is null");
        List<Object> params = new ArrayList<>(List.of(owner.value()));
        List<String> tokenList = new ArrayList<>(List.of("'#owner=" + owner.value() + "'"));
        query.status().ifPresent(v -> tokenList.add("'#status=" + v.wireName() + "'"));
        query.condition().ifPresent(v -> tokenList.add("'#condition=" + v.wireName() + "'"));
        query.category().ifPresent(v -> tokenList.add("'#category=" + v + "'"));
        String tokens = tokenList.size() == 1 ? "" : String.join(" & ", tokenList);
        if (text.isPresent()) {
            tokens = String.join(" & ", tokenList);
            sql.append(" and search @@ (to_tsquery('simple', ?) && ?::tsquery)");
            params.add(JooqItemRepository.wordQuery(text.get()));
            params.add(tokens);
        } else if (!tokens.isEmpty()) {
            sql.append(" and search @@ ?::tsquery");
            params.add(tokens);
        }
        query.minPrice().ifPresent(p -> { sql.append(" and price_amount >= ?"); params.add(p); });
        query.maxPrice().ifPresent(p -> { sql.append(" and price_amount <= ?"); params.add(p); });
        sql.append(" order by created_at desc, id desc");
        List<UUID> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) s.setObject(i + 1, params.get(i));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    private UserId user(String name) throws SQLException {
        UserId id = new UserId(UUID.randomUUID());
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into users (id, email, password_hash, created_at, updated_at) values (?, ?, '$2a$10$hash', now(), now())")) {
            s.setObject(1, id.value());
            s.setString(2, name + "-" + id.value() + "@example.com");
            s.execute();
        }
        return id;
    }

    /**
     * {@code count} items of {@code owner} titled by the SQL expression {@code title} of the row
     * number n, with varied fields; one in 50 has a word of 2,040 letters in its description.
     */
    private void seed(UserId owner, int count, String title) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                insert into items (id, owner_id, title, description, price_amount, price_currency, condition, category, sku,
                                   status, sold_at, created_at, updated_at, version, field_stamps)
                select gen_random_uuid(), ?, %s, 'Pre-owned, ships in two days. ' || n
                       || case when n %% 50 = 0 then ' ' || repeat('x', 2040) else '' end,
                       1 + n %% 400, 'USD', (array['new','like_new','used','fair','poor'])[1 + n %% 5],
                       (array['Clothing','Kitchen','Home'])[1 + n %% 3], 'LL-' || lpad(n::text, 6, '0'),
                       (array['active','active','sold','draft'])[1 + n %% 4], case when n %% 4 = 2 then timestamptz '2026-02-01' end,
                       timestamptz '2026-01-01' + (n / 3) * interval '1 minute', timestamptz '2026-01-01', 1, '{}'::jsonb
                from generate_series(1, ?) as n
                """.formatted(title))) {
            s.setObject(1, owner.value());
            s.setInt(2, count);
            s.execute();
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("vacuum analyze items");
        }
    }

    /** Index pages the GIN index reads for the seller's search of {@code words}, asked as the repository asks (EXPLAIN's buffers). */
    private long indexPagesRead(UserId owner, String words) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // only the GIN index can answer: the question is what it reads, not which plan is cheapest
                s.execute("set local enable_seqscan = off");
                s.execute("set local enable_indexscan = off");
            }
            try (PreparedStatement s = c.prepareStatement("explain (analyze, buffers, format json) select count(*) from items"
                    + " where deleted_at is null and search @@ " + JooqItemRepository.OWN_WORDS)) {
                s.setString(1, JooqItemRepository.wordQuery(SearchText.of(words)));
                s.setString(2, "'" + JooqItemRepository.ownerKey(owner) + "\\1'");
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    JsonNode scan = find(JSON.readTree(rs.getString(1)).get(0).get("Plan"), "Bitmap Index Scan");
                    assertThat(scan.get("Index Name").asText()).isEqualTo("items_search");
                    return scan.get("Shared Hit Blocks").asLong() + scan.get("Shared Read Blocks").asLong();
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static JsonNode find(JsonNode plan, String type) {
        if (type.equals(plan.path("Node Type").asText())) return plan;
        for (JsonNode child : plan.path("Plans")) {
            JsonNode found = find(child, type);
            if (found != null) return found;
        }
        return null;
    }
}
