package com.llatria.application.photos;

import com.llatria.application.UseCaseException;
import com.llatria.domain.image.ImageRejection;

/** One of the uploaded files cannot become a photo; none of the request's files were kept. */
public final class PhotoRejected extends UseCaseException {
    private final String filename;
    private final ImageRejection rejection;

    public PhotoRejected(String filename, ImageRejection rejection) {
        super(rejection instanceof ImageRejection.UnsupportedType ? Kind.UNSUPPORTED_MEDIA_TYPE : Kind.UNPROCESSABLE,
                rejection instanceof ImageRejection.UnsupportedType ? "unsupported-media-type" : "unprocessable-image",
                rejection instanceof ImageRejection.UnsupportedType ? "Unsupported file type" : "Image cannot be used",
                filename + ": " + rejection.message()
                        + (rejection instanceof ImageRejection.UnsupportedType ? " (image/jpeg, image/png, image/webp)" : ""),
                java.util.List.of(new com.llatria.application.FieldError("files", filename + ": " + rejection.message())),
                java.util.Optional.empty(), java.util.Optional.empty());
        this.filename = filename;
        this.rejection = rejection;
    }

    public String filename() {
        return filename;
    }

    public ImageRejection rejection() {
        return rejection;
    }
}
