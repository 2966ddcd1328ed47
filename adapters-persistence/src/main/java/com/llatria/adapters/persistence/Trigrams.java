package com.llatria.adapters.persistence;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * pg_trgm's similarity, so titles rank the same in memory as in PostgreSQL: each word (a run of
 * letters and digits) lower-cased and padded with two spaces before and one after, cut into
 * three-character pieces; similarity is shared pieces over all distinct pieces.
 */
public final class Trigrams {
    private Trigrams() {
    }

    public static double similarity(String a, String b) {
        Set<String> left = of(a);
        Set<String> right = of(b);
        if (left.isEmpty() || right.isEmpty()) return 0;
        Set<String> shared = new HashSet<>(left);
        shared.retainAll(right);
        return (double) shared.size() / (left.size() + right.size() - shared.size());
    }

    public static Set<String> of(String text) {
        Set<String> grams = new HashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) continue;
            String padded = "  " + word + " ";
            int[] cps = padded.codePoints().toArray();
            for (int i = 0; i + 3 <= cps.length; i++) grams.add(new String(cps, i, 3));
        }
        return grams;
    }

    /**
     * One text compared with many (an item's title with the seller's sales): its pieces are cut
     * once, and each piece is a number (three code points of 21 bits), so a comparison is a merge
     * of two sorted arrays, no strings or sets. The same measure as {@link #similarity}.
     */
    public static Query query(String text) {
        return new Query(codes(text));
    }

    public static final class Query {
        private final long[] grams;

        private Query(long[] grams) {
            this.grams = grams;
        }

        public double similarity(String other) {
            long[] theirs = codes(other);
            if (grams.length == 0 || theirs.length == 0) return 0;
            int shared = 0;
            for (int i = 0, j = 0; i < grams.length && j < theirs.length; ) {
                if (grams[i] == theirs[j]) {
                    shared++;
                    i++;
                    j++;
                } else if (grams[i] < theirs[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            return (double) shared / (grams.length + theirs.length - shared);
        }
    }

    /** The distinct pieces of {@code text}, sorted. */
    static long[] codes(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long[] out = new long[lower.length() * 2 + 4];
        int n = 0;
        int a = ' ';
        int b = ' ';
        boolean inWord = false;
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            i += Character.charCount(cp);
            if (wordChar(cp)) {
                if (!inWord) {
                    a = ' ';
                    b = ' ';
                    inWord = true;
                }
                if (n + 2 > out.length) out = Arrays.copyOf(out, out.length * 2);
                out[n++] = pack(a, b, cp);
                a = b;
                b = cp;
            } else if (inWord) {
                if (n + 1 > out.length) out = Arrays.copyOf(out, out.length * 2);
                out[n++] = pack(a, b, ' ');
                inWord = false;
            }
        }
        if (inWord) {
            if (n + 1 > out.length) out = Arrays.copyOf(out, out.length * 2);
            out[n++] = pack(a, b, ' ');
        }
        Arrays.sort(out, 0, n);
        int distinct = 0;
        for (int i = 0; i < n; i++) if (distinct == 0 || out[distinct - 1] != out[i]) out[distinct++] = out[i];
        return Arrays.copyOf(out, distinct);
    }

    /** A letter or a number of any kind: the {@code \p{L}\p{N}} of {@link #of}. */
    private static boolean wordChar(int cp) {
        if (Character.isLetter(cp)) return true;
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    private static long pack(int a, int b, int c) {
        return ((long) a << 42) | ((long) b << 21) | c;
    }
}
