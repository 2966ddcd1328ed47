package com.llatria.application.photos;

import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.port.ImageStore;

import java.time.Instant;
import java.util.Objects;

/** A photo as the API shows it: three sizes, each with a WebP and a JPEG address. */
public record PhotoView(ImageId id, int position, Instant createdAt, Size thumbnail, Size medium, Size full) {
    public PhotoView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public record Size(int width, int height, String webpUrl, String jpegUrl) {
    }

    public static PhotoView of(ItemImage image, ImageStore store) {
        return new PhotoView(image.id(), image.position(), image.createdAt(), size(image, ImageVariant.THUMBNAIL, store),
                size(image, ImageVariant.MEDIUM, store), size(image, ImageVariant.FULL, store));
    }

    private static Size size(ItemImage image, ImageVariant variant, ImageStore store) {
        StoredRendition webp = image.rendition(variant, ImageFormat.WEBP).orElseThrow();
        StoredRendition jpeg = image.rendition(variant, ImageFormat.JPEG).orElseThrow();
        return new Size(webp.width(), webp.height(), store.url(webp.key()), store.url(jpeg.key()));
    }
}
