package com.llatria.domain.image;

import java.util.Objects;

/** One stored file of a photo: a variant in a format, where it lives and its pixel size. */
public record StoredRendition(ImageVariant variant, ImageFormat format, String key, int width, int height) {
    public StoredRendition {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(key, "key");
        if (width < 1 || height < 1) throw new IllegalArgumentException("a rendition has pixels");
    }
}
