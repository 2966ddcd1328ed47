package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.ItemsRecord;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Deletion;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemPage;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.ItemSort;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.item.PageCursor;
import com.llatria.domain.item.SearchText;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.item.SortDirection;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;
import org.postgresql.PGStatement;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.ITEMS;

public final class JooqItemRepository implements ItemRepository {
    /**
     * How many entries of a sort index a filtered list (no text) reads at most before it asks the
     * GIN index instead: ~1-2 ms of index-only walking on this machine's PostgreSQL, and a
     * combination rarer than one in 10,000 / (limit + 1) has few matches for the GIN path to read.
     */
    static final int WALK_BOUND = 10_000;
    /**
     * How many entries of the sort index a text search that walks reads at most before it asks
     * the GIN index instead. Each entry costs a table read here (words cannot be judged from a
     * b-tree entry): 2,000 rows in date order were 1.3-1.8 ms at load 13 for a seller with 100,000
     * items, while the GIN index took 3.6 ms for two common word prefixes of that seller (it
     * collects every item holding a prefix before it intersects) and 0.02-0.03 ms for rare words.
     */
    static final int TEXT_WALK_BOUND = 2_000;
    /**
     * A text search asks the GIN index first when the seller's entries it would read are at most
     * this many (estimated from PostgreSQL's statistics, SearchWordCounts): ~0.3 us an entry here,
     * so under a millisecond, less than a walk that reads rows.
     */
    static final int GIN_ENTRIES = 2_000;

    private final DSLContext dsl;
    private final int walkBound;
    private final int textWalkBound;
    private final int ginEntries;
    private final SearchWordCounts counts;
    private final String shownColumns;
    private final String findWithPhotos;
    private final Map<Shape, Sql> searchSql = new ConcurrentHashMap<>();

    public JooqItemRepository(DSLContext dsl) {
        this(dsl, false);
    }

    /**
     * With {@code renderedPhotos}, reads that show items bring their photos as
     * {@link com.llatria.domain.image.RenderedPhotos} (item_images.api_json, V23), copied to the
     * answer instead of parsed and written again ({@link PhotosJson}).
     */
    public JooqItemRepository(DSLContext dsl, boolean renderedPhotos) {
        this(dsl, WALK_BOUND, TEXT_WALK_BOUND, GIN_ENTRIES, renderedPhotos);
    }

    /**
     * With other bounds: tests make the walks short, so the GIN fallback is taken with a few items,
     * and a negative {@code ginEntries} makes every text search walk first.
     */
    JooqItemRepository(DSLContext dsl, int walkBound, int textWalkBound, int ginEntries, boolean renderedPhotos) {
        this.dsl = dsl;
        this.walkBound = walkBound;
        this.textWalkBound = textWalkBound;
        this.ginEntries = ginEntries;
        this.counts = new SearchWordCounts(dsl, System::nanoTime);
        // The item's columns, then its photos and its postings as JSON, each aggregated by a correlated subquery.
        this.shownColumns = ItemRows.COLUMNS + ", " + PhotosJson.column(renderedPhotos) + ", " + PostingsJson.COLUMN;
        this.findWithPhotos = "select " + shownColumns + " from items where id = ? and owner_id = ?";
    }

    @Override
    public Optional<Item> find(UserId owner, ItemId id) {
        return dsl.selectFrom(ITEMS)
                .where(ITEMS.ID.eq(id.value()).and(ITEMS.OWNER_ID.eq(owner.value())))
                .fetchOptional()
                .map(JooqItemRepository::toItem);
    }

    @Override
    public boolean insert(Item item) {
        ItemsRecord record = dsl.newRecord(ITEMS);
        fill(record, item);
        return dsl.insertInto(ITEMS).set(record).onConflictDoNothing().execute() == 1;
    }

    @Override
    public void update(Item item) {
        ItemsRecord record = dsl.newRecord(ITEMS);
        fill(record, item);
        record.changed(ITEMS.ID, false);
        record.changed(ITEMS.OWNER_ID, false);
        record.changed(ITEMS.CREATED_AT, false);
        dsl.update(ITEMS).set(record)
                .where(ITEMS.ID.eq(item.id().value()).and(ITEMS.OWNER_ID.eq(item.owner().value())))
                .execute();
    }

    /**
     * Live items of one owner, filtered, in keyset order. Filters and text walk the sort index
     * (which carries the filter columns, V21; the words are judged from the row), a bounded number
     * of entries; if that did not fill the page, the search vector's GIN index (V8, V28) finds the
     * few matches of the rare combination instead. The SQL text depends only
     * on which filters are present, the sort and whether there is a cursor, so it is written once
     * per such shape and kept.
     */
    @Override
    public ItemPage search(UserId owner, ItemQuery query) {
        List<Item> rows = select(owner, query, false, ItemRows::read);
        boolean more = rows.size() > query.limit();
        List<Item> page = more ? rows.subList(0, query.limit()) : rows;
        Optional<PageCursor> next = more
                ? Optional.of(PageCursor.after(page.get(page.size() - 1), query.sort(), query.direction()))
                : Optional.empty();
        return new ItemPage(page, next);
    }

    @Override
    public ItemWithPhotos.Page searchWithPhotos(UserId owner, ItemQuery query) {
        List<ItemWithPhotos> rows = select(owner, query, true, JooqItemRepository::withPhotos);
        boolean more = rows.size() > query.limit();
        List<ItemWithPhotos> page = more ? rows.subList(0, query.limit()) : rows;
        Optional<PageCursor> next = more
                ? Optional.of(PageCursor.after(page.get(page.size() - 1).item(), query.sort(), query.direction()))
                : Optional.empty();
        return new ItemWithPhotos.Page(page, next);
    }

    /** The item with its photos, in one query on one connection; the SQL is a constant, so the driver prepares it once. */
    @Override
    public Optional<ItemWithPhotos> findWithPhotos(UserId owner, ItemId id) {
        return dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(findWithPhotos)) {
                statement.setObject(1, id.value());
                statement.setObject(2, owner.value());
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.of(withPhotos(rs)) : Optional.empty();
                }
            }
        });
    }

    private static ItemWithPhotos withPhotos(ResultSet rs) throws SQLException {
        Item item = ItemRows.read(rs);
        return PhotosJson.shown(item, rs.getBytes(ItemRows.COLUMN_COUNT + 1),
                PostingsJson.read(rs.getBytes(ItemRows.COLUMN_COUNT + 2), item.owner(), item.id()));
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> select(UserId owner, ItemQuery query, boolean photos, RowReader<T> reader) {
        Optional<SearchText> text = query.text().map(SearchText::of).filter(t -> !t.isEmpty());
        String tokens = filterTokens(owner, query);
        Shape shape = new Shape(query.status().isPresent(), query.condition().isPresent(), query.category().isPresent(),
                query.minPrice().isPresent(), query.maxPrice().isPresent(), text.isPresent(),
                text.map(t -> walksFirst(owner, t, query)).orElse(true), query.sort(), query.direction(), query.after().isPresent(), photos);
        Sql sql = searchSql.computeIfAbsent(shape, s -> s.sql(s.text() ? textWalkBound : walkBound, shownColumns));
        return dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.text())) {
                // Planned for its values every time: a plan cached for a rare word or category is
                // the wrong plan for a common one, and the other way round.
                if (shape.searches()) statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                int i = 1;
                for (Param param : sql.params()) {
                    switch (param) {
                        case OWNER -> statement.setObject(i, owner.value());
                        case MIN_PRICE -> statement.setBigDecimal(i, query.minPrice().orElseThrow());
                        case MAX_PRICE -> statement.setBigDecimal(i, query.maxPrice().orElseThrow());
                        case WORDS -> statement.setString(i, wordQuery(text.orElseThrow()));
                        case WORD_KEY -> statement.setString(i, "'" + ownerKey(owner) + "\\1'");
                        case TOKENS -> statement.setString(i, tokens);
                        case STATUS -> statement.setString(i, query.status().orElseThrow().wireName());
                        case CONDITION -> statement.setString(i, query.condition().orElseThrow().wireName());
                        case CATEGORY -> statement.setString(i, query.category().orElseThrow());
                        case CURSOR_KEY -> {
                            PageCursor cursor = query.after().orElseThrow();
                            switch (cursor.sort()) {
                                case CREATED, UPDATED -> statement.setObject(i, Timestamps.toDb(Instant.parse(cursor.sortValue())));
                                case PRICE -> statement.setBigDecimal(i, new BigDecimal(cursor.sortValue()));
                            }
                        }
                        case CURSOR_ID -> statement.setObject(i, query.after().orElseThrow().lastId().value());
                        case PAGE_AND_ONE -> statement.setInt(i, query.limit() + 1);
                    }
                    i++;
                }
                List<T> items = new ArrayList<>(query.limit() + 1);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) items.add(reader.read(rs));
                }
                return items;
            }
        });
    }

    /**
     * Whether a text search walks the sort index first rather than asking the GIN index: when the
     * GIN index would read more than ginEntries of the seller's entries (every entry of each
     * prefix word, since GIN collects a prefix whole, and about those of the rarest term, which
     * its scan skips along), and the walk is expected to fill the page within its bound, taking
     * the terms as independent. The counts come from PostgreSQL's statistics; a term they do not
     * know is rare, so a seller with few items, or rare words, asks the GIN index, which then
     * costs little. Either way the answer is the same: this only chooses the cheaper way.
     */
    boolean walksFirst(UserId owner, SearchText text, ItemQuery query) {
        if (ginEntries < 0) return true;
        String key = ownerKey(owner);
        double items = counts.count(key + "#status=", true); // each item has one status token
        if (items <= 0) return false;
        double gin = 0;
        double rarest = Double.MAX_VALUE;
        double share = 1;
        for (String word : text.words()) {
            boolean prefix = SearchText.isPrefix(word);
            double c = counts.count(key + word, prefix);
            if (prefix) gin += c;
            rarest = Math.min(rarest, c);
            share *= Math.min(1, c / items);
        }
        List<String> tokens = new ArrayList<>();
        query.status().ifPresent(s -> tokens.add(key + "#status=" + s.wireName()));
        query.condition().ifPresent(c -> tokens.add(key + "#condition=" + c.wireName()));
        query.category().ifPresent(c -> tokens.add(key + "#category=" + c));
        for (String token : tokens) {
            double c = counts.count(token, false);
            rarest = Math.min(rarest, c);
            share *= Math.min(1, c / items);
        }
        if (gin + rarest <= ginEntries) return false;
        // a category in date order walks the category's own index
        double walked = query.category().isPresent() && query.sort() == ItemSort.CREATED
                ? counts.count(key + "#category=" + query.category().get(), false) : items;
        double matches = items * share;
        return matches > 0 && (query.limit() + 1) * walked / matches <= textWalkBound;
    }

    /** Every word required, as a prefix or whole (SearchText's rule), for {@code to_tsquery}: {@code 'levi':* & '501':* & 's'}. */
    static String wordQuery(SearchText text) {
        StringBuilder q = new StringBuilder();
        for (String word : text.words()) {
            if (!q.isEmpty()) q.append(" & ");
            q.append(quoted(word)).append(SearchText.isPrefix(word) ? ":*" : "");
        }
        return q.toString();
    }

    /**
     * The filter tokens of the search vector, all required, as tsquery text, each with the seller's
     * key (V28): {@code 'k:#status=active' & 'k:#category=Home'}; empty without filters. So the GIN
     * index reads only this seller's entries (and those of a seller with the same key, whom the
     * statement's {@code owner_id = ?} leaves out): a seller with 1,000 items never reads, nor
     * learns by its time about, the entries of other sellers (findings 10.4, 10.5).
     */
    static String filterTokens(UserId owner, ItemQuery query) {
        String key = ownerKey(owner);
        List<String> tokens = new ArrayList<>();
        query.status().ifPresent(s -> tokens.add(quoted(key + "#status=" + s.wireName())));
        query.condition().ifPresent(c -> tokens.add(quoted(key + "#condition=" + c.wireName())));
        query.category().ifPresent(c -> tokens.add(quoted(key + "#category=" + c)));
        return String.join(" & ", tokens);
    }

    /** The seller's key in the search vector (V28): the first 10 hex digits of md5 of the owner's id, and a colon. */
    static String ownerKey(UserId owner) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(owner.value().toString().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 5) + ":";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /**
     * The query's words as the vector holds them since V28: each lexeme {@code 'red'} of
     * {@code to_tsquery} (the vector's configuration) becomes {@code 'k:red'}, the seller's key
     * before it (the second placeholder takes {@code 'k:\1'}). The words hold no quote
     * (SearchText keeps letters and digits), so every quoted run of the query's text is one lexeme.
     */
    static final String OWN_WORDS = "regexp_replace(to_tsquery('simple', ?)::text, '''([^'']*)''', ?, 'g')::tsquery";

    /** A tsquery operand taken as it is: in quotes, with quotes doubled and backslashes escaped. */
    private static String quoted(String lexeme) {
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** What a search statement's placeholders take, in order. */
    private enum Param { OWNER, MIN_PRICE, MAX_PRICE, WORDS, WORD_KEY, TOKENS, STATUS, CONDITION, CATEGORY, CURSOR_KEY, CURSOR_ID, PAGE_AND_ONE }

    private record Sql(String text, List<Param> params) {
    }

    /** SQL text with its placeholders' meanings, appended together so they cannot drift apart. */
    private static final class SqlBuilder {
        private final StringBuilder text = new StringBuilder();
        private final List<Param> params = new ArrayList<>();

        SqlBuilder add(String sql, Param... used) {
            text.append(sql);
            params.addAll(List.of(used));
            return this;
        }

        Sql build() {
            return new Sql(text.toString(), List.copyOf(params));
        }
    }

    /** What decides a search statement's text; {@code walk}: a text search walks the sort index first (no text: always). */
    private record Shape(boolean status, boolean condition, boolean category, boolean minPrice, boolean maxPrice, boolean text,
                         boolean walk, ItemSort sort, SortDirection direction, boolean cursor, boolean photos) {
        boolean filters() {
            return status || condition || category;
        }

        boolean searches() {
            return filters() || text;
        }

        /** {@code shownColumns}: what a read that shows items selects (the item's columns, photos and postings). */
        Sql sql(int walkBound, String shownColumns) {
            String key = switch (sort) {
                case CREATED -> "created_at";
                case UPDATED -> "updated_at";
                case PRICE -> "price_amount";
            };
            boolean asc = direction == SortDirection.ASC;
            String dir = asc ? " asc" : " desc";
            String order = " order by " + key + dir + ", id" + dir;
            String pageOrder = " order by page_key" + dir + ", page_id" + dir;
            String outer = "select " + (photos ? shownColumns : ItemRows.COLUMNS);
            String after = " and (" + key + ", id) " + (asc ? ">" : "<") + " (?, ?)";
            SqlBuilder sql = new SqlBuilder();
            if (text && !walk) {
                // Text whose terms the seller has few entries for: all matches from the GIN index,
                // sorted, planned for a page of 101, fenced off (a materialized CTE is planned for
                // all its rows) and cut to the page asked for outside: planned for "limit 2", the
                // planner bets on walking the sort index until a row matches, and for a SKU found
                // once in 100,000 items that walk reads all of them (420-850 ms, 0.2 ms fenced).
                SqlBuilder where = new SqlBuilder().add(" from items where owner_id = ? and deleted_at is null", Param.OWNER);
                if (minPrice) where.add(" and price_amount >= ?", Param.MIN_PRICE);
                if (maxPrice) where.add(" and price_amount <= ?", Param.MAX_PRICE);
                if (filters()) where.add(" and search @@ (" + OWN_WORDS + " && ?::tsquery)", Param.WORDS, Param.WORD_KEY, Param.TOKENS);
                else where.add(" and search @@ " + OWN_WORDS, Param.WORDS, Param.WORD_KEY);
                if (cursor) where.add(after, Param.CURSOR_KEY, Param.CURSOR_ID);
                Sql filter = where.build();
                return sql.add("with page as materialized (select " + key + " as page_key, id as page_id" + filter.text(),
                                filter.params().toArray(Param[]::new))
                        .add(order + " limit " + (ItemQuery.MAX_LIMIT + 1) + ") " + outer + " from page join items on items.id = page.page_id"
                                + pageOrder + " limit ?", Param.PAGE_AND_ONE)
                        .build();
            }
            if (searches()) {
                // Filters, or text with many entries for the GIN index: walk the sort index (or, for a category in date order, the
                // category's own index), judging each entry by the columns it carries (V21) and,
                // for text, the words of its row; then read only the page's rows. The walk reads
                // at most walkBound entries; if that did not fill the page and there are more, the
                // combination is rarer than one in walkBound / (limit + 1), and the GIN index finds
                // its few matches instead (they are read, sorted and cut to the page). Only one of
                // the two runs: the other's branch is cut by a one-time filter. (The GIN index alone
                // costs what the seller's entries for every word and filter cost, which grows with
                // the stock: a common word prefix of a seller with 100,000 items, 3-8 ms; the walk
                // costs what the page needs.)
                // Without text the walk reads no table row (index-only); with text it reads each
                // entry's row for its words.
                // The category's own index only gives date order: in another order the walk follows
                // the sort index and judges the category like the other filters. (Asked for the
                // category's entries in price order, the planner sorts them all: the walk's bound is
                // the limit it plans for, not the page it stops at.)
                boolean categoryWalk = category && sort == ItemSort.CREATED;
                // The walk is a subquery in sort order, so the planner keeps its order and the page's
                // limit stops it as soon as the page is full (a CTE would be walked to its bound).
                sql.add("with hits as materialized (select page_key, page_id from (select id as page_id, " + key
                        + " as page_key, status, condition, category, price_amount");
                if (text) sql.add(", search @@ " + OWN_WORDS + " as words", Param.WORDS, Param.WORD_KEY);
                sql.add(" from items where owner_id = ? and deleted_at is null", Param.OWNER);
                if (categoryWalk) sql.add(" and category = ?", Param.CATEGORY);
                if (cursor) sql.add(after, Param.CURSOR_KEY, Param.CURSOR_ID);
                sql.add(order + " limit " + walkBound + ") walk where true");
                if (text) sql.add(" and words");
                if (category && !categoryWalk) sql.add(" and category = ?", Param.CATEGORY);
                if (status) sql.add(" and status = ?", Param.STATUS);
                if (condition) sql.add(" and condition = ?", Param.CONDITION);
                if (minPrice) sql.add(" and price_amount >= ?", Param.MIN_PRICE);
                if (maxPrice) sql.add(" and price_amount <= ?", Param.MAX_PRICE);
                sql.add(pageOrder + " limit ?), ", Param.PAGE_AND_ONE);
                sql.add("gin as materialized (select " + key + " as page_key, id as page_id from items where owner_id = ? and deleted_at is null",
                        Param.OWNER);
                if (minPrice) sql.add(" and price_amount >= ?", Param.MIN_PRICE);
                if (maxPrice) sql.add(" and price_amount <= ?", Param.MAX_PRICE);
                // the words through the same configuration as the vector, with the seller's key;
                // the filter tokens exactly as written
                if (text && filters()) sql.add(" and search @@ (" + OWN_WORDS + " && ?::tsquery)", Param.WORDS, Param.WORD_KEY, Param.TOKENS);
                else if (text) sql.add(" and search @@ " + OWN_WORDS, Param.WORDS, Param.WORD_KEY);
                else sql.add(" and search @@ ?::tsquery", Param.TOKENS);
                if (cursor) sql.add(after, Param.CURSOR_KEY, Param.CURSOR_ID);
                // planned for a page of 101 (a materialized CTE is planned for all its rows): planned
                // for "limit 2", the planner would bet on walking the sort index until a row matches
                sql.add(order + " limit " + (ItemQuery.MAX_LIMIT + 1) + "), ");
                // counted in this order, so a page the walk filled never counts the walk's entries
                // (from the index alone) to see whether it stopped at its bound or at the last one
                sql.add("fallback as materialized (select (select count(*) from hits) < ? and (select count(*) from (select 1 from items"
                        + " where owner_id = ? and deleted_at is null", Param.PAGE_AND_ONE, Param.OWNER);
                if (categoryWalk) sql.add(" and category = ?", Param.CATEGORY);
                if (cursor) sql.add(after, Param.CURSOR_KEY, Param.CURSOR_ID);
                sql.add(order + " limit " + walkBound + ") walked) = " + walkBound + " as needed), ");
                sql.add("page as (select page_key, page_id from hits where not (select needed from fallback)"
                        + " union all select page_key, page_id from gin where (select needed from fallback)) ");
                return sql.add(outer + " from page join items on items.id = page.page_id" + pageOrder + " limit ?", Param.PAGE_AND_ONE)
                        .build();
            }
            SqlBuilder where = new SqlBuilder().add(" from items where owner_id = ? and deleted_at is null", Param.OWNER);
            if (minPrice) where.add(" and price_amount >= ?", Param.MIN_PRICE);
            if (maxPrice) where.add(" and price_amount <= ?", Param.MAX_PRICE);
            // rows strictly after the cursor in this order: (sort key, id) compared as a pair
            if (cursor) where.add(after, Param.CURSOR_KEY, Param.CURSOR_ID);
            Sql filter = where.build();
            if ((minPrice || maxPrice) && sort != ItemSort.PRICE) {
                // A price range in date order: the page's ids from the sort index alone (V12, V21: it carries the
                // price, so rows outside the range are skipped without reading them), then only the
                // page's rows.
                return sql.add(outer + " from (select id as page_id, " + key + " as page_key" + filter.text(), filter.params().toArray(Param[]::new))
                        .add(order + " limit ?) page join items on items.id = page.page_id" + pageOrder, Param.PAGE_AND_ONE)
                        .build();
            }
            return sql.add(outer + filter.text(), filter.params().toArray(Param[]::new)).add(order + " limit ?", Param.PAGE_AND_ONE).build();
        }
    }

    private static void fill(ItemsRecord r, Item item) {
        ItemDetails d = item.details();
        r.setId(item.id().value());
        r.setOwnerId(item.owner().value());
        r.setTitle(d.title());
        r.setDescription(d.description());
        r.setPriceAmount(d.price().amount());
        r.setPriceCurrency(d.price().currency().getCurrencyCode());
        r.setCondition(d.condition().map(Condition::wireName).orElse(null));
        r.setCategory(d.category().orElse(null));
        r.setSku(d.sku().orElse(null));
        r.setCostAmount(d.cost().map(Money::amount).orElse(null));
        r.setCostCurrency(d.cost().map(m -> m.currency().getCurrencyCode()).orElse(null));
        r.setStatus(item.status().wireName());
        Optional<Sale> sale = item.lifecycle().sale();
        r.setSoldAt(Timestamps.toDb(sale.map(Sale::soldAt).orElse(null)));
        r.setSoldPriceAmount(sale.flatMap(Sale::soldPrice).map(Money::amount).orElse(null));
        r.setSoldPriceCurrency(sale.flatMap(Sale::soldPrice).map(m -> m.currency().getCurrencyCode()).orElse(null));
        r.setSoldChannel(sale.flatMap(Sale::channel).map(SalesChannel::wireName).orElse(null));
        r.setCreatedAt(Timestamps.toDb(item.createdAt()));
        r.setUpdatedAt(Timestamps.toDb(item.updatedAt()));
        r.setVersion(item.version());
        r.setDeletedAt(Timestamps.toDb(item.deletion().map(Deletion::at).orElse(null)));
        // The stamp of the item's last delete, or, while it lives again, of the restore that brought it back.
        r.setDeletedStamp(item.deletion().map(del -> del.stamp().encode()).or(() -> item.restored().map(Hlc::encode)).orElse(null));
        r.setFieldStamps(FieldStampsJson.write(item.stamps()));
        r.setDeletesSeen(FieldStampsJson.writeSeen(item.deletesSeen()));
    }

    static Item toItem(ItemsRecord r) {
        ItemDetails details = new ItemDetails(
                r.getTitle(),
                r.getDescription(),
                money(r.getPriceAmount(), r.getPriceCurrency()).orElseThrow(),
                Optional.ofNullable(r.getCondition()).flatMap(Condition::fromWire),
                Optional.ofNullable(r.getCategory()),
                Optional.ofNullable(r.getSku()),
                money(r.getCostAmount(), r.getCostCurrency()));
        ItemStatus status = ItemStatus.fromWire(r.getStatus()).orElseThrow();
        Lifecycle lifecycle = status == ItemStatus.SOLD
                ? Lifecycle.sold(new Sale(Timestamps.fromDb(r.getSoldAt()),
                        money(r.getSoldPriceAmount(), r.getSoldPriceCurrency()),
                        Optional.ofNullable(r.getSoldChannel()).flatMap(SalesChannel::fromWire)))
                : Lifecycle.of(status);
        Optional<Deletion> deletion = Optional.ofNullable(r.getDeletedAt())
                .map(at -> new Deletion(Timestamps.fromDb(at), Hlc.decode(r.getDeletedStamp())));
        Optional<Hlc> restored = r.getDeletedAt() != null ? Optional.empty() : Optional.ofNullable(r.getDeletedStamp()).map(Hlc::decode);
        return new Item(new ItemId(r.getId()), new UserId(r.getOwnerId()), details, lifecycle,
                Timestamps.fromDb(r.getCreatedAt()), Timestamps.fromDb(r.getUpdatedAt()), r.getVersion(),
                deletion, FieldStampsJson.read(r.getFieldStamps()), restored,
                FieldStampsJson.readSeen(r.getDeletesSeen() == null ? null : r.getDeletesSeen().data()));
    }

    private static Optional<Money> money(BigDecimal amount, String currency) {
        return amount == null ? Optional.empty() : Optional.of(new Money(amount, Currency.getInstance(currency)));
    }
}
