package com.llatria.domain.image;

/** What the image processor made of an upload. */
public sealed interface ProcessingResult {
    record Processed(ProcessedImage image) implements ProcessingResult {
    }

    record Rejected(ImageRejection rejection) implements ProcessingResult {
    }
}
