package com.llatria.adapters.storage.image;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPWriteParam;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageRejection;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ProcessedImage;
import com.llatria.domain.image.ProcessingResult;
import com.llatria.domain.port.ImageProcessor;
import org.imgscalr.Scalr;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The photo pipeline: sniff the type, read the size from the header, decode (subsampled when
 * the source is more than twice the largest variant), shrink to 2048 and orient, then derive each
 * smaller variant from the previous one (2048 → 800 → 150) and encode each as WebP and JPEG.
 */
public final class ImgscalrImageProcessor implements ImageProcessor {
    public static final long MAX_PIXELS = 50_000_000;
    public static final int MAX_SIDE = 20_000;
    /** sharp's defaults, so the two are compared doing the same work. */
    static final float QUALITY = 0.80f;
    static final int WEBP_METHOD = 4;

    private final ExecutorService encoders;

    /** @param encoders runs the large WebP encode beside the rest; shared, never shut down by us */
    public ImgscalrImageProcessor(ExecutorService encoders) {
        this.encoders = encoders;
    }

    /** With its own pool of daemon threads, one per core. */
    public ImgscalrImageProcessor() {
        this(Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), runnable -> {
            Thread thread = new Thread(runnable, "webp-encoder");
            thread.setDaemon(true);
            return thread;
        }));
    }

    @Override
    public ProcessingResult process(byte[] upload) {
        return decoded(upload, ImageVariant.FULL, this::renditions);
    }

    @Override
    public ProcessingResult jpeg(byte[] upload, ImageVariant variant) {
        if (variant.square()) return ImageProcessor.super.jpeg(upload, variant);
        return decoded(upload, variant, image -> List.of(rendition(variant, ImageFormat.JPEG, image, jpeg(image))));
    }

    private interface Encoding {
        List<ProcessedImage.Rendition> of(BufferedImage oriented) throws IOException, InterruptedException, ExecutionException;
    }

    /** Checks, decodes (subsampled towards twice the box), fits in {@code box} and orients the upload, then encodes it. */
    private ProcessingResult decoded(byte[] upload, ImageVariant box, Encoding encoding) {
        Optional<ImageType> type = ImageType.sniff(upload);
        if (type.isEmpty()) return rejected(new ImageRejection.UnsupportedType(ImageType.describe(upload)));
        try {
            BufferedImage decoded;
            ImageReader reader = reader(type.get());
            // Memory-backed streams: ImageIO's own would spool every decode and encode through a temporary file.
            try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(upload))) {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE || width * height > MAX_PIXELS) {
                    return rejected(new ImageRejection.TooManyPixels(width, height, MAX_PIXELS, MAX_SIDE));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int factor = (int) Math.max(1, Math.max(width, height) / box.box());
                if (factor > 1) param.setSourceSubsampling(factor, factor, 0, 0);
                decoded = reader.read(0, param);
            } finally {
                reader.dispose();
            }
            // The boxes are square, so shrinking before turning gives the same result on a quarter of the pixels.
            BufferedImage fitted = Orientation.apply(fit(opaqueRgb(decoded), box.box()), Orientation.read(upload));
            return new ProcessingResult.Processed(new ProcessedImage(encoding.of(fitted)));
        } catch (IOException | RuntimeException e) {
            return rejected(new ImageRejection.Undecodable(describe(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return rejected(new ImageRejection.Undecodable("interrupted"));
        } catch (ExecutionException e) {
            return rejected(new ImageRejection.Undecodable(describe(e.getCause() instanceof Exception c ? c : e)));
        }
    }

    /**
     * The large WebP costs as much as everything else together, so it is encoded on another
     * thread (libwebp itself on two) while this one makes and encodes the rest.
     */
    private List<ProcessedImage.Rendition> renditions(BufferedImage full)
            throws IOException, InterruptedException, ExecutionException {
        Future<byte[]> fullWebp = encoders.submit(() -> webp(full, 1));
        List<ProcessedImage.Rendition> out = new ArrayList<>();
        BufferedImage medium = fit(full, ImageVariant.MEDIUM.box());
        BufferedImage thumbnail = square(medium, ImageVariant.THUMBNAIL.box());
        out.add(rendition(ImageVariant.FULL, ImageFormat.JPEG, full, jpeg(full)));
        out.add(rendition(ImageVariant.MEDIUM, ImageFormat.WEBP, medium, webp(medium, 0)));
        out.add(rendition(ImageVariant.MEDIUM, ImageFormat.JPEG, medium, jpeg(medium)));
        out.add(rendition(ImageVariant.THUMBNAIL, ImageFormat.WEBP, thumbnail, webp(thumbnail, 0)));
        out.add(rendition(ImageVariant.THUMBNAIL, ImageFormat.JPEG, thumbnail, jpeg(thumbnail)));
        out.add(0, rendition(ImageVariant.FULL, ImageFormat.WEBP, full, fullWebp.get()));
        return out;
    }

    private static ProcessedImage.Rendition rendition(ImageVariant variant, ImageFormat format, BufferedImage image, byte[] bytes) {
        return new ProcessedImage.Rendition(variant, format, bytes, image.getWidth(), image.getHeight());
    }

    /** Shrinks to fit a box, never enlarges. Bilinear in steps (imgscalr's BALANCED) keeps edges clean at these ratios. */
    private static BufferedImage fit(BufferedImage image, int box) {
        if (Math.max(image.getWidth(), image.getHeight()) <= box) return image;
        return Scalr.resize(image, Scalr.Method.BALANCED, Scalr.Mode.AUTOMATIC, box);
    }

    /** The centred square, scaled to {@code side} (or smaller, if the image is). */
    private static BufferedImage square(BufferedImage image, int side) {
        int s = Math.min(image.getWidth(), image.getHeight());
        BufferedImage cropped = Scalr.crop(image, (image.getWidth() - s) / 2, (image.getHeight() - s) / 2, s, s);
        if (s <= side) return cropped;
        return Scalr.resize(cropped, Scalr.Method.QUALITY, Scalr.Mode.FIT_EXACT, side, side);
    }

    /** Flattens transparency onto white (JPEG has none) and gives the encoders the layout they are fastest with. */
    private static BufferedImage opaqueRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR || image.getType() == BufferedImage.TYPE_INT_RGB) return image;
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(QUALITY);
        return write(writer, image, param);
    }

    /** @param threadLevel libwebp's: 1 lets it use a second thread, same output */
    private static byte[] webp(BufferedImage image, int threadLevel) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByMIMEType("image/webp").next();
        WebPWriteParam param = new WebPWriteParam(writer.getLocale());
        param.setCompressionType(CompressionType.Lossy);
        param.setCompressionQuality(QUALITY);
        param.setMethod(WEBP_METHOD);
        param.setThreadLevel(threadLevel);
        return write(writer, image, param);
    }

    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageReader reader(ImageType type) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(type.imageIoFormat);
        if (!readers.hasNext()) throw new IOException("no reader for " + type);
        return readers.next();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "the file is damaged or incomplete" : message;
    }

    private static ProcessingResult rejected(ImageRejection rejection) {
        return new ProcessingResult.Rejected(rejection);
    }
}
