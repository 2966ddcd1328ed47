package com.llatria.domain.image;

import java.util.List;
import java.util.Objects;

/** An upload turned into every variant and format, re-encoded, ready to store. */
public record ProcessedImage(List<Rendition> renditions) {
    public ProcessedImage {
        renditions = List.copyOf(renditions);
    }

    public record Rendition(ImageVariant variant, ImageFormat format, byte[] bytes, int width, int height) {
        public Rendition {
            Objects.requireNonNull(variant, "variant");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(bytes, "bytes");
        }
    }
}
