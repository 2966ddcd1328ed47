package com.llatria.adapters.storage.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import org.imgscalr.Scalr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The EXIF orientation tag: how a camera that stored the pixels sideways wants them shown.
 * Applied before anything else, because the re-encoded files carry no EXIF to say it again.
 */
final class Orientation {
    private Orientation() {
    }

    /** 1 to 8 as in EXIF; 1 (as stored) when the tag is absent or unreadable. */
    static int read(byte[] file) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(file), file.length);
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif == null || !exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) return 1;
            int value = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return value >= 1 && value <= 8 ? value : 1;
        } catch (ImageProcessingException | IOException | MetadataException | RuntimeException e) {
            return 1;
        }
    }

    static BufferedImage apply(BufferedImage image, int orientation) {
        return switch (orientation) {
            case 2 -> Scalr.rotate(image, Scalr.Rotation.FLIP_HORZ);
            case 3 -> Scalr.rotate(image, Scalr.Rotation.CW_180);
            case 4 -> Scalr.rotate(image, Scalr.Rotation.FLIP_VERT);
            case 5 -> Scalr.rotate(Scalr.rotate(image, Scalr.Rotation.CW_90), Scalr.Rotation.FLIP_HORZ);
            case 6 -> Scalr.rotate(image, Scalr.Rotation.CW_90);
            case 7 -> Scalr.rotate(Scalr.rotate(image, Scalr.Rotation.CW_270), Scalr.Rotation.FLIP_HORZ);
            case 8 -> Scalr.rotate(image, Scalr.Rotation.CW_270);
            default -> image;
        };
    }
}
