package com.llatria.adapters.persistence;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TrigramsTest {
    /** Letters, digits, numbers of other kinds, marks, punctuation, spaces, accents, Greek, a surrogate pair, a dotted capital I. */
    private static final int[] ALPHABET = "aAbBeEiIlLsSxX019  -'/.,éÉßΣσςİ½Ⅻ\u0301😀".codePoints().toArray();

    @Test
    void the_fast_comparison_is_the_same_measure_to_the_last_bit() {
        long seed = Long.getLong("trigrams.seed", 20261126L);
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            String a = text(random);
            String b = text(random);
            assertThat(Trigrams.query(a).similarity(b)).as("seed %d: '%s' ~ '%s'", seed, a, b).isEqualTo(Trigrams.similarity(a, b));
        }
    }

    @Test
    void pg_trgm_examples() {
        assertThat(Trigrams.query("Levi's 501 jeans W32").similarity("Levi's 501 jeans W32 L34")).isEqualTo(21.0 / 24);
        assertThat(Trigrams.query("word").similarity("word")).isEqualTo(1.0);
        assertThat(Trigrams.query("").similarity("word")).isZero();
        assertThat(Trigrams.query("!!!").similarity("???")).isZero();
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(24);
        for (int i = 0; i < length; i++) text.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
        return text.toString();
    }
}
