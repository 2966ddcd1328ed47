package com.llatria.application.photos;

import com.llatria.application.UseCaseException;

public final class PhotoTooLarge extends UseCaseException {
    private final String filename;

    public PhotoTooLarge(String filename, long size, long max) {
        super(Kind.TOO_LARGE, "too-large", "File too large", describe(filename, size, max),
                java.util.List.of(new com.llatria.application.FieldError("files", describe(filename, size, max))),
                java.util.Optional.empty(), java.util.Optional.empty());
        this.filename = filename;
    }

    private static String describe(String filename, long size, long max) {
        return filename + " is " + size / (1024 * 1024) + " MB; a photo may be at most " + max / (1024 * 1024) + " MB";
    }

    public String filename() {
        return filename;
    }
}
