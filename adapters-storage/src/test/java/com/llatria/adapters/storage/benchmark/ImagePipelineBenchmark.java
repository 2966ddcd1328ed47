package com.llatria.adapters.storage.benchmark;

import com.llatria.adapters.storage.image.ImgscalrImageProcessor;
import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.domain.image.ProcessingResult;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One 12-megapixel phone JPEG (4000 × 3000, EXIF orientation 6) through the whole photo pipeline:
 * three sizes, each as WebP and JPEG. Run by benchmarks/image-pipeline/run.sh, which runs sharp
 * on the same file. Prints the median of the timed runs and the peak heap.
 * <p>Arguments: [photo path (made if missing)] [timed runs]
 */
public final class ImagePipelineBenchmark {
    public static void main(String[] args) throws Exception {
        Path photo = Path.of(args.length > 0 ? args[0] : "target/bench/photo-12mp.jpg");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        if (!Files.exists(photo)) {
            Files.createDirectories(photo.toAbsolutePath().getParent());
            Files.write(photo, TestImages.withExif(phoneLikeJpeg(4000, 3000), 6));
        }
        byte[] upload = Files.readAllBytes(photo);
        ImgscalrImageProcessor processor = new ImgscalrImageProcessor();

        for (int i = 0; i < 5; i++) check(processor.process(upload)); // warm-up: JIT, native libwebp
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        List<Double> millis = new ArrayList<>();
        long outputBytes = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            ProcessingResult result = processor.process(upload);
            millis.add((System.nanoTime() - start) / 1e6);
            outputBytes = check(result);
        }
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        Collections.sort(millis);
        System.out.printf("java pipeline: %s (%d bytes), %d runs: median %.0f ms, min %.0f ms, max %.0f ms; outputs %d bytes; peak heap %d MB (-Xmx %d MB)%n",
                photo, upload.length, runs, millis.get(runs / 2), millis.get(0), millis.get(runs - 1), outputBytes,
                peak / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    private static long check(ProcessingResult result) {
        if (!(result instanceof ProcessingResult.Processed processed)) throw new IllegalStateException("rejected: " + result);
        return processed.image().renditions().stream().mapToLong(r -> r.bytes().length).sum();
    }

    /**
     * Something with the detail of a photo, so that decoding and encoding cost what they cost on
     * real pictures: smooth light, hard edges, fine texture and sensor noise; quality 92 as phones save.
     */
    static byte[] phoneLikeJpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random noise = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double light = 0.6 + 0.4 * Math.sin(x / 700.0) * Math.cos(y / 500.0);
                double texture = 18 * Math.sin(x / 3.1 + Math.sin(y / 7.0) * 2) + 12 * Math.cos(y / 2.3);
                boolean object = ((x / 400) + (y / 300)) % 3 == 0;
                int n = (int) (noise.nextGaussian() * 6);
                int r = clamp((object ? 170 : 90) * light + texture + n);
                int g = clamp((object ? 120 : 140) * light + texture * 0.8 + n);
                int b = clamp((object ? 80 : 170) * light - texture * 0.5 + n);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.92f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        writer.dispose();
        return bytes.toByteArray();
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, v));
    }
}
