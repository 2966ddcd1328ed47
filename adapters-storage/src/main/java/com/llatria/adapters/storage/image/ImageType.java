package com.llatria.adapters.storage.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The accepted types, recognised by their first bytes; names and Content-Type headers are not trusted. */
enum ImageType {
    JPEG("jpeg"), PNG("png"), WEBP("webp");

    final String imageIoFormat;

    ImageType(String imageIoFormat) {
        this.imageIoFormat = imageIoFormat;
    }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    static Optional<ImageType> sniff(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) return Optional.of(JPEG);
        if (b.length >= 8 && Arrays.equals(Arrays.copyOf(b, 8), PNG_SIGNATURE)) return Optional.of(PNG);
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) return Optional.of(WEBP);
        return Optional.empty();
    }

    /** A name for what an unaccepted file looks like, for the error message. */
    static String describe(byte[] b) {
        if (b.length == 0) return "empty";
        if (b.length >= 4 && ascii(b, 0, 4).startsWith("GIF8")) return "a GIF";
        if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            String brand = ascii(b, 8, 4);
            if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) return "a HEIC/HEIF photo";
            if (brand.startsWith("avi")) return "an AVIF image";
            return "a video or ISO media file";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') return "a BMP";
        if (b.length >= 4 && (ascii(b, 0, 4).equals("II*\0") || ascii(b, 0, 4).equals("MM\0*"))) return "a TIFF";
        if (b.length >= 4 && ascii(b, 0, 4).equals("%PDF")) return "a PDF";
        String start = ascii(b, 0, Math.min(b.length, 256)).stripLeading().toLowerCase();
        if (start.startsWith("<?xml") || start.startsWith("<svg") || start.contains("<svg")) return "an SVG or XML document";
        if (start.startsWith("<")) return "an HTML or XML document";
        return "not a recognised image";
    }

    private static String ascii(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.ISO_8859_1);
    }
}
