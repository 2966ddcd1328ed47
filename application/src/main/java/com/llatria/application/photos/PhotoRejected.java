package com.llatria.application.photos;

import com.llatria.application.UseCaseException;
import com.llatria.domain.image.ImageRejection;

/** One of the uploaded files cannot become a photo; none of the request's files were kept. */
public final class PhotoRejected extends UseCaseException {
    private final String filename;
    private final ImageRejection rejection;

    public PhotoRejected(String filename, ImageRejection rejection) {
        super(filename + ": " + rejection.message());
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
