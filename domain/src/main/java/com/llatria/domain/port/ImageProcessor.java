package com.llatria.domain.port;

import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ProcessedImage;
import com.llatria.domain.image.ProcessingResult;

/**
 * Turns an uploaded file into the stored variants. Judges the type by the bytes, refuses
 * oversized images from their header before decoding, applies the EXIF orientation, and
 * re-encodes everything so that no metadata (GPS in particular) survives.
 */
public interface ImageProcessor {
    ProcessingResult process(byte[] upload);

    /**
     * One JPEG rendition fitted in the variant's box, made the same way (checks, orientation,
     * re-encoding, so no metadata): what is sent to a third party, without the cost of the rest.
     * By default picked from {@link #process}; an adapter may make only this one, cheaper.
     */
    default ProcessingResult jpeg(byte[] upload, ImageVariant variant) {
        ProcessingResult all = process(upload);
        if (!(all instanceof ProcessingResult.Processed processed)) return all;
        return new ProcessingResult.Processed(new ProcessedImage(processed.image().renditions().stream()
                .filter(r -> r.variant() == variant && r.format() == ImageFormat.JPEG).toList()));
    }
}
