package com.llatria.adapters.ai;

import com.llatria.domain.ai.PerceptualHash;
import com.llatria.domain.ai.PerceptualHasher;
import com.llatria.domain.ai.Photo;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * dHash: the photo shrunk to 9 × 8 grey pixels, one bit per pair of neighbours (is the left one
 * brighter?). Re-encoding, resizing and small edits flip few bits. The decoder reads only every
 * n-th pixel of a large photo, so hashing a 12 MP JPEG costs a fraction of a full decode; a
 * photo declaring more than 50 megapixels or 20,000 px a side is not decoded at all.
 */
public final class DifferenceHasher implements PerceptualHasher {
    /** The photo pipeline's bounds (ImgscalrImageProcessor): what no accepted photo exceeds. */
    static final long MAX_PIXELS = 50_000_000L;
    static final int MAX_SIDE = 20_000;

    @Override
    public Optional<String> refusal(Photo photo) {
        return withReader(photo, reader -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                return Optional.of("declares " + width + " x " + height + " px; at most " + MAX_SIDE + " px a side and "
                        + MAX_PIXELS / 1_000_000 + " megapixels");
            }
            return Optional.empty();
        });
    }

    @Override
    public Optional<PerceptualHash> hash(Photo photo) {
        return withReader(photo, reader -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            // From the header, before any decoding (8.10: a 50,000,000 x 1 PNG decoded whole took 25 s and 580 MB).
            if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) return Optional.empty();
            ImageReadParam param = reader.getDefaultReadParam();
            // Subsampled by the longer side: at most ~64 samples along it, whatever the shape.
            int step = Math.max(1, Math.max(width, height) / 64);
            param.setSourceSubsampling(step, step, 0, 0);
            return Optional.of(hash(reader.read(0, param)));
        });
    }

    private interface Reading<T> {
        Optional<T> read(ImageReader reader) throws IOException;
    }

    private static <T> Optional<T> withReader(Photo photo, Reading<T> reading) {
        // A memory-backed stream: ImageIO.createImageInputStream would spool to a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(photo.bytes()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return Optional.empty();
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return reading.read(reader);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static PerceptualHash hash(BufferedImage image) {
        BufferedImage small = new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, 9, 8, null);
        g.dispose();
        long bits = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int left = small.getRaster().getSample(x, y, 0);
                int right = small.getRaster().getSample(x + 1, y, 0);
                bits = (bits << 1) | (left > right ? 1 : 0);
            }
        }
        return new PerceptualHash(bits);
    }
}
