package com.llatria.domain.image;

/**
 * The sizes every photo is stored in. {@code keyName} is the name in object keys
 * ({@code original_…}); {@code apiName} the name clients see.
 */
public enum ImageVariant {
    /** A 150 × 150 square, cropped from the centre: for grids and lists. */
    THUMBNAIL("thumbnail", "thumbnail", 150, true),
    /** Fits in 800 × 800: for listing pages. */
    MEDIUM("medium", "medium", 800, false),
    /** Fits in 2048 × 2048: the largest we keep, enough for every marketplace's zoom. */
    FULL("original", "full", 2048, false);

    private final String keyName;
    private final String apiName;
    private final int box;
    private final boolean square;

    ImageVariant(String keyName, String apiName, int box, boolean square) {
        this.keyName = keyName;
        this.apiName = apiName;
        this.box = box;
        this.square = square;
    }

    public String keyName() {
        return keyName;
    }

    public String apiName() {
        return apiName;
    }

    /** The longest side (or, for a square variant, both sides). Images are never enlarged. */
    public int box() {
        return box;
    }

    public boolean square() {
        return square;
    }
}
