package com.llatria.domain.image;

import java.util.Objects;

/**
 * An item's photos in the form clients are shown them, kept ready by the storage (rendered once
 * per photo write rather than on every read): UTF-8 JSON, the array of the photos' objects in
 * position order, in which each file address is written as one 0x01 byte followed by the file's
 * key (JSON-escaped). A store whose addresses are a fixed prefix plus the key
 * ({@code ImageStore.urlPrefix}) has its prefix put in place of that byte; any other store makes
 * each address from the key.
 */
public record RenderedPhotos(byte[] utf8) {
    /** Marks where an address begins (its key follows); never part of JSON text otherwise (control bytes are escaped there). */
    public static final byte PREFIX = 0x01;

    public RenderedPhotos {
        Objects.requireNonNull(utf8, "utf8");
    }
}
