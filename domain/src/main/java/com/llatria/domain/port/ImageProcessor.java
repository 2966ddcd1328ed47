package com.llatria.domain.port;

import com.llatria.domain.image.ProcessingResult;

/**
 * Turns an uploaded file into the stored variants. Judges the type by the bytes, refuses
 * oversized images from their header before decoding, applies the EXIF orientation, and
 * re-encodes everything so that no metadata (GPS in particular) survives.
 */
public interface ImageProcessor {
    ProcessingResult process(byte[] upload);
}
