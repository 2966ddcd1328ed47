package com.llatria.application.photos;

import com.llatria.application.UseCaseException;
import com.llatria.domain.image.ImageId;

public final class PhotoNotFound extends UseCaseException {
    public PhotoNotFound(ImageId id) {
        super(Kind.NOT_FOUND, "not-found", "Not found", "the item has no photo " + id);
    }
}
