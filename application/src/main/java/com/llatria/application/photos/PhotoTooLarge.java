package com.llatria.application.photos;

import com.llatria.application.UseCaseException;

public final class PhotoTooLarge extends UseCaseException {
    private final String filename;

    public PhotoTooLarge(String filename, long size, long max) {
        super(filename + " is " + size / (1024 * 1024) + " MB; a photo may be at most " + max / (1024 * 1024) + " MB");
        this.filename = filename;
    }

    public String filename() {
        return filename;
    }
}
