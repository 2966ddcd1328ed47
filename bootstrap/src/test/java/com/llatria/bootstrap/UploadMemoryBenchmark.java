package com.llatria.bootstrap;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap under a burst of maximum-size uploads: the standalone server (embedded PostgreSQL, photos
 * on disk) in this JVM, and {@code clients} requests sent at once, each with {@code parts} photos
 * of just under 15 MB (a 24 MP JPEG of noise, which compresses badly, so it is as large as a
 * photo may be), close to the 100 MB request cap. A sampler records the heap in use (garbage
 * included) and the heap left after each collection (what is really live). Run it with a small
 * -Xmx to see that the burst fits: benchmarks/upload-memory/run.sh.
 */
public final class UploadMemoryBenchmark {
    private UploadMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 8);
        int parts = Integer.getInteger("parts", 6);
        Path dir = Files.createTempDirectory("llatria-upload-bench-");
        Path photo = maxSizePhoto(dir.resolve("photo.jpg"));
        Path body = dir.resolve("body.bin");
        String boundary = "bench-boundary";
        try (OutputStream out = Files.newOutputStream(body)) {
            for (int i = 0; i < parts; i++) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"p" + i
                        + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                Files.copy(photo, out);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        Map<String, String> env = Map.of("LLATRIA_DATA_DIR", dir.resolve("data").toString(), "PORT", "0", "HOST", "127.0.0.1",
                "RATE_LIMIT_PER_IP", "0", "RATE_LIMIT_PER_USER", "0");
        try (Server server = Server.start(Settings.fromEnvironment(env))) {
            ApiClient api = new ApiClient(server.port());
            ApiClient.User ann = api.register("bench@example.com");
            List<String> items = new ArrayList<>();
            for (int i = 0; i < clients; i++) items.add(api.createItem(ann, "Bench " + i, "1", null).get("id").asText());

            System.gc();
            Thread.sleep(500);
            long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            AtomicLong peakUsed = new AtomicLong();
            AtomicLong peakLive = new AtomicLong();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                    long live = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) live += pool.getCollectionUsage().getUsed();
                    }
                    peakLive.accumulateAndGet(live, Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.start();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            long began = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (String item : items) {
                sent.add(pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/inventory/" + item + "/images"))
                            .timeout(Duration.ofMinutes(10))
                            .header("Authorization", "Bearer " + ann.accessToken())
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofFile(body)).build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    return null;
                }));
            }
            for (Future<?> f : sent) f.get();
            long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
            sampling.set(false);
            sampler.join();
            pool.shutdown();

            long mb = 1024 * 1024;
            System.out.printf("upload burst: %d requests at once, %d photos of %.1f MB each (%.1f MB a request)%n", clients, parts,
                    Files.size(photo) / (double) mb, Files.size(body) / (double) mb);
            System.out.printf("answers %s in %.1f s (%.2f photos/s)%n", new TreeMap<>(statuses), millis / 1000.0,
                    clients * parts * 1000.0 / millis);
            System.out.printf("heap: -Xmx %d MB; before the burst %d MB; peak in use %d MB (garbage included); peak live after GC %d MB%n",
                    Runtime.getRuntime().maxMemory() / mb, baseline / mb, peakUsed.get() / mb, peakLive.get() / mb);
        }
    }

    /** A noise JPEG of 24 MP, re-encoded at lower quality until it is just under 15 MB. */
    private static Path maxSizePhoto(Path file) throws Exception {
        BufferedImage image = new BufferedImage(6000, 4000, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                // Smooth gradients plus noise: like a photo, and hard to compress.
                int r = (x * 255 / image.getWidth() + random.nextInt(96)) & 0xff;
                int g = (y * 255 / image.getHeight() + random.nextInt(96)) & 0xff;
                int b = ((x + y) * 255 / (image.getWidth() + image.getHeight()) + random.nextInt(96)) & 0xff;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        long limit = 15L * 1024 * 1024 - 64 * 1024;
        for (float quality = 0.95f; quality > 0.2f; quality -= 0.05f) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            Files.deleteIfExists(file);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            if (Files.size(file) <= limit) return file;
        }
        throw new IllegalStateException("could not make a photo under 15 MB");
    }
}
