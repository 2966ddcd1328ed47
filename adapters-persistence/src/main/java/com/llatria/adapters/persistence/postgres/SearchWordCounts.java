package com.llatria.adapters.persistence.postgres;

import org.jooq.DSLContext;

import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * How many items hold a lexeme of the search vector, as PostgreSQL's own statistics estimate it
 * (pg_stats' most common elements of items.search, kept by ANALYZE and autovacuum): with V28 every
 * lexeme carries its seller's key, so this is one seller's count of a word or filter value. A text
 * search uses it to choose its way (JooqItemRepository): the GIN index costs what the seller's
 * entries for the query's terms cost, the walk what the page needs. A lexeme missing from the
 * statistics counts as 0: it is rarer than the rarest one kept. Read again at most once a minute.
 */
final class SearchWordCounts {
    private static final long REFRESH_NANOS = 60_000_000_000L;

    private final DSLContext dsl;
    private final LongSupplier nanoTime;
    private volatile Snapshot snapshot;

    SearchWordCounts(DSLContext dsl, LongSupplier nanoTime) {
        this.dsl = dsl;
        this.nanoTime = nanoTime;
    }

    /** Items estimated to hold {@code lexeme} (or, with {@code prefix}, any lexeme beginning with it). */
    double count(String lexeme, boolean prefix) {
        Snapshot s = current();
        if (!prefix) return s.counts.getOrDefault(lexeme, 0.0);
        double sum = 0;
        for (double c : s.counts.subMap(lexeme, true, lexeme + Character.MAX_VALUE, false).values()) sum += c;
        return sum;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = nanoTime.getAsLong();
        if (s == null || now - s.readAt > REFRESH_NANOS) {
            s = read(now);
            snapshot = s;
        }
        return s;
    }

    private Snapshot read(long now) {
        NavigableMap<String, Double> counts = new TreeMap<>();
        var row = dsl.fetchOptional("select s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples"
                + " from pg_stats s join pg_class c on c.relname = s.tablename"
                + " join pg_namespace n on n.oid = c.relnamespace and n.nspname = s.schemaname"
                + " where s.schemaname = current_schema() and s.tablename = 'items' and s.attname = 'search'");
        if (row.isPresent() && row.get().get(0) != null) {
            String[] lexemes = (String[]) row.get().get(0);
            Float[] freqs = (Float[]) row.get().get(1);
            double rows = Math.max(0, ((Number) row.get().get(2)).doubleValue());
            // the frequencies array ends with three more numbers (minimum, maximum, null fraction)
            for (int i = 0; i < lexemes.length && i < freqs.length; i++) counts.put(lexemes[i], freqs[i] * rows);
        }
        return new Snapshot(now, counts);
    }

    private record Snapshot(long readAt, NavigableMap<String, Double> counts) {
    }
}
