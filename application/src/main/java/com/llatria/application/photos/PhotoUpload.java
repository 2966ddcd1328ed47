package com.llatria.application.photos;

import java.io.IOException;

/** One uploaded file. Its bytes are read only when a worker gets to it, so few are in memory at once. */
public record PhotoUpload(String filename, long size, Content content) {
    @FunctionalInterface
    public interface Content {
        byte[] read() throws IOException;
    }
}
