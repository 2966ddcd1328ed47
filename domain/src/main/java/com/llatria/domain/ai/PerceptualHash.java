package com.llatria.domain.ai;

/**
 * A 64-bit difference hash of a photo: near-identical pictures (re-encoded, resized, slightly
 * cropped) differ in a few bits, so the Hamming distance says how alike two photos look.
 */
public record PerceptualHash(long bits) {
    /** How many bands {@link #band} splits the hash into: two hashes within BANDS - 1 bits share at least one band. */
    public static final int BANDS = 8;

    public int distance(PerceptualHash other) {
        return Long.bitCount(bits ^ other.bits);
    }

    /** The {@code index}-th byte of the hash, the key of a near-duplicate lookup (pigeonhole on the differing bits). */
    public int band(int index) {
        if (index < 0 || index >= BANDS) throw new IllegalArgumentException("band 0-" + (BANDS - 1));
        return (int) ((bits >>> (index * 8)) & 0xFF);
    }

    public String hex() {
        return String.format("%016x", bits);
    }

    public static PerceptualHash fromHex(String hex) {
        return new PerceptualHash(Long.parseUnsignedLong(hex, 16));
    }
}
