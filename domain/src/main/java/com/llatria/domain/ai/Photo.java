package com.llatria.domain.ai;

import java.util.Objects;

/** One photo as a model sees it: its bytes and their media type (image/jpeg, image/png, image/webp). */
public record Photo(byte[] bytes, String mediaType) {
    public Photo {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mediaType, "mediaType");
        if (bytes.length == 0) throw new IllegalArgumentException("a photo has bytes");
    }
}
