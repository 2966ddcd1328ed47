package com.llatria.domain.ai;

import com.llatria.domain.user.UserId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * SHA-256 of the photos' bytes: the cache key of a recognition. Several photos hash the
 * hashes of each in order, so the same photos in the same order are the same request.
 */
public record PhotoHash(String hex) {
    public PhotoHash {
        Objects.requireNonNull(hex, "hex");
        if (!hex.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("a SHA-256 in lower-case hex");
    }

    public static PhotoHash of(List<Photo> photos) {
        if (photos.isEmpty()) throw new IllegalArgumentException("no photos to hash");
        if (photos.size() == 1) return new PhotoHash(HexFormat.of().formatHex(sha256(photos.get(0).bytes())));
        StringBuilder each = new StringBuilder();
        for (Photo photo : photos) each.append(HexFormat.of().formatHex(sha256(photo.bytes()))).append('\n');
        return new PhotoHash(HexFormat.of().formatHex(sha256(each.toString().getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * These photos as one owner's: the key their recognition is cached under. Users share no
     * cache entries, so no one learns from a cache hit that someone else sent the same photo, or
     * when, or what it cost them.
     */
    public PhotoHash scopedTo(UserId owner) {
        return new PhotoHash(HexFormat.of().formatHex(sha256((owner.value() + "\n" + hex).getBytes(StandardCharsets.US_ASCII))));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }
}
