package com.llatria.adapters.web.photos;

import com.llatria.application.photos.PhotoView;

import java.time.Instant;

/** A photo as clients see it: three sizes, each as WebP and as a JPEG fallback. */
public record ImageJson(String id, int position, Instant createdAt, Size thumbnail, Size medium, Size full) {

    public record Size(int width, int height, String webp, String jpeg) {
        static Size from(PhotoView.Size size) {
            return new Size(size.width(), size.height(), size.webpUrl(), size.jpegUrl());
        }
    }

    public static ImageJson from(PhotoView photo) {
        return new ImageJson(photo.id().toString(), photo.position(), photo.createdAt(), Size.from(photo.thumbnail()),
                Size.from(photo.medium()), Size.from(photo.full()));
    }
}
