package com.llatria.application.photos;

import com.llatria.domain.image.RenderedPhotos;

import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An item's photos as the storage rendered them ahead ({@link RenderedPhotos}), with how the
 * image store they are in makes a file's address from its key: what the API shows is those bytes
 * with each marker and key replaced by the address. With a {@code urlPrefix} (addresses are the
 * prefix and the key) that is a copy, so a page of thousands of photos is written by copying;
 * otherwise (presigned addresses, made per read) each key goes through {@code address}.
 */
public record RenderedPhotoViews(RenderedPhotos photos, Optional<String> urlPrefix, UnaryOperator<String> address) {
    public RenderedPhotoViews {
        Objects.requireNonNull(photos, "photos");
        Objects.requireNonNull(urlPrefix, "urlPrefix");
        Objects.requireNonNull(address, "address");
    }

    /** Addresses that are {@code urlPrefix} followed by the key. */
    public RenderedPhotoViews(RenderedPhotos photos, String urlPrefix) {
        this(photos, Optional.of(urlPrefix), key -> urlPrefix + key);
    }

    /** Addresses made for each key by {@code address} (a store without a fixed prefix). */
    public RenderedPhotoViews(RenderedPhotos photos, UnaryOperator<String> address) {
        this(photos, Optional.empty(), address);
    }
}
