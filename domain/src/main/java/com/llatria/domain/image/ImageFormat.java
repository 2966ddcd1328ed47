package com.llatria.domain.image;

/** Every variant is stored as WebP (small) and JPEG (for clients and marketplaces without WebP). */
public enum ImageFormat {
    WEBP("webp", "image/webp"), JPEG("jpg", "image/jpeg");

    private final String extension;
    private final String mediaType;

    ImageFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }
}
