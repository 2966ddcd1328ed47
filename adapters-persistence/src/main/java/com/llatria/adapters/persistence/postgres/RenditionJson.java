package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.StoredRendition;

/**
 * One rendition as stored in {@code item_images.renditions}: this adapter's own shape, so that
 * renaming a domain field cannot silently change (or break reading) the stored JSON.
 */
record RenditionJson(String variant, String format, String key, int width, int height) {
    static RenditionJson from(StoredRendition r) {
        return new RenditionJson(r.variant().name(), r.format().name(), r.key(), r.width(), r.height());
    }

    StoredRendition toDomain() {
        return new StoredRendition(ImageVariant.valueOf(variant), ImageFormat.valueOf(format), key, width, height);
    }
}
