package com.llatria.adapters.web.photos;

import com.llatria.application.photos.ItemPhotos;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.StoredRendition;

import java.time.Instant;

/** A photo as clients see it: three sizes, each as WebP and as a JPEG fallback. */
public record ImageJson(String id, int position, Instant createdAt, Size thumbnail, Size medium, Size full) {

    public record Size(int width, int height, String webp, String jpeg) {
    }

    public static ImageJson from(ItemImage image, ItemPhotos photos) {
        return new ImageJson(image.id().toString(), image.position(), image.createdAt(),
                size(image, ImageVariant.THUMBNAIL, photos), size(image, ImageVariant.MEDIUM, photos),
                size(image, ImageVariant.FULL, photos));
    }

    private static Size size(ItemImage image, ImageVariant variant, ItemPhotos photos) {
        StoredRendition webp = image.rendition(variant, ImageFormat.WEBP).orElseThrow();
        StoredRendition jpeg = image.rendition(variant, ImageFormat.JPEG).orElseThrow();
        return new Size(webp.width(), webp.height(), photos.url(webp), photos.url(jpeg));
    }
}
