package com.llatria.adapters.persistence;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * pg_trgm's similarity, so titles rank the same in memory, and in PostgreSQL without pg_trgm: each word
 * (a run of letters and digits) lower-cased and padded with two spaces before and one after,
 * cut into three-character pieces; similarity is shared pieces over all distinct pieces.
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
}
