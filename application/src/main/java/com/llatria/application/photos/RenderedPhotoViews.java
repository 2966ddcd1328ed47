package com.llatria.application.photos;

import com.llatria.domain.image.RenderedPhotos;

import java.util.Objects;

/**
 * An item's photos as the storage rendered them ahead ({@link RenderedPhotos}), with the address
 * prefix of the image store they are in: what the API shows is those bytes with the prefix put in
 * place of each marker, so a page of thousands of photos is written by copying.
 */
public record RenderedPhotoViews(RenderedPhotos photos, String urlPrefix) {
    public RenderedPhotoViews {
        Objects.requireNonNull(photos, "photos");
        Objects.requireNonNull(urlPrefix, "urlPrefix");
    }
}
