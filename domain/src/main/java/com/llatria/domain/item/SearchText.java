package com.llatria.domain.item;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the text of an item search means, for every repository: the query's words must each be
 * found in the item's title, description or SKU, in any order, ignoring case; a word of three or
 * more characters matches the beginning of a word, a shorter one a whole word. A word is a run of
 * letters and digits, so "LL-000421" is "ll" and "000421", and "levi 50" finds "Levi's 501". Any
 * text that has no letters or digits searches for nothing in particular.
 *
 * <p>Word beginnings rather than any substring, because that is what a full-text index can answer
 * without reading every one of the seller's items (see the V8 migration); and no one- or
 * two-letter beginnings, because those match most of an inventory and would make the index read
 * nearly all of its entries ("s" from "Levi's", or the "LL" every SKU of a seller starts with).
 */
public record SearchText(List<String> words) {
    /** The most words a search may have (the API refuses more): every word is one more index lookup. */
    public static final int MAX_WORDS = 16;
    /** Words at least this long (in characters) match word beginnings; shorter ones whole words. */
    public static final int PREFIX_FROM = 3;
    /**
     * Words are compared on their first this many characters: PostgreSQL's index keeps no more of
     * a word (V28 cuts it, so a seller's key fits before it), and the API takes no longer query.
     */
    public static final int WORD_CHARS = 200;

    public SearchText {
        words = List.copyOf(words);
    }

    public static SearchText of(String text) {
        return new SearchText(words(text, MAX_WORDS));
    }

    /** How many distinct words {@code text} holds, counting those beyond {@link #MAX_WORDS}. */
    public static int wordCount(String text) {
        return words(text, Integer.MAX_VALUE).size();
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    public boolean matches(ItemDetails details) {
        List<String> itemWords = words(details.title() + " " + details.description() + " " + details.sku().orElse(""), Integer.MAX_VALUE);
        return words.stream().allMatch(word -> isPrefix(word)
                ? itemWords.stream().anyMatch(w -> w.startsWith(word))
                : itemWords.contains(word));
    }

    /** Whether {@code word} (one of {@link #words}) matches the beginnings of words, or only whole words. */
    public static boolean isPrefix(String word) {
        return word.codePointCount(0, word.length()) >= PREFIX_FROM;
    }

    /** Lowercased runs of letters and digits, in order, without repeats. */
    static List<String> words(String text, int max) {
        Set<String> words = new LinkedHashSet<>();
        StringBuilder word = new StringBuilder();
        // 'İ' lowercases to "i" and a combining dot, which is no letter and would split the word;
        // PostgreSQL's parser makes it a plain 'i', and so do we (finding 10.12)
        text.replace('\u0130', 'I').codePoints().forEach(c -> {
            if (inWord(c)) {
                word.appendCodePoint(c);
            } else if (!word.isEmpty()) {
                add(words, word);
            }
        });
        if (!word.isEmpty()) add(words, word);
        return words.stream().limit(max).toList();
    }

    /**
     * Letters, digits, and the marks that combine with them (vowel signs of Indic and Thai scripts,
     * a decomposed accent) and the soft hyphen: PostgreSQL's parser keeps these inside a word, so
     * splitting on them made the words of those scripts unfindable (finding 10.18).
     */
    private static boolean inWord(int c) {
        if (Character.isLetterOrDigit(c) || c == '\u00AD') return true;
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    /**
     * Lowercased one character at a time, as PostgreSQL does: Java's whole-string rule makes a
     * final capital sigma 'ς', PostgreSQL 'σ' (finding 10.18: "ΟΔΟΣ" found nothing).
     */
    private static void add(Set<String> words, StringBuilder word) {
        StringBuilder lowered = new StringBuilder(word.length());
        word.codePoints().forEach(c -> lowered.appendCodePoint(Character.toLowerCase(c)));
        String lower = lowered.toString();
        words.add(lower.codePointCount(0, lower.length()) > WORD_CHARS ? lower.substring(0, lower.offsetByCodePoints(0, WORD_CHARS)) : lower);
        word.setLength(0);
    }
}
