package com.llatria.domain.image;

/** Why an upload cannot become a photo. Expected outcomes, each with its own answer to the client. */
public sealed interface ImageRejection {
    String message();

    /** Not a JPEG, PNG or WebP, judged by its bytes. */
    record UnsupportedType(String detected) implements ImageRejection {
        public String message() {
            return "this file is " + detected + "; accepted are JPEG, PNG and WebP";
        }
    }

    /** The header declares more pixels than we decode; refused before decoding. */
    record TooManyPixels(long width, long height, long maxPixels, int maxSide) implements ImageRejection {
        public String message() {
            return "the image is " + width + " × " + height + "; at most " + maxSide + " px a side and "
                    + maxPixels / 1_000_000 + " megapixels are accepted";
        }
    }

    /** The bytes claim a supported type but do not decode. */
    record Undecodable(String reason) implements ImageRejection {
        public String message() {
            return "the image could not be read: " + reason;
        }
    }
}
