package com.llatria.adapters.storage.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageRejection;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ProcessedImage;
import com.llatria.domain.image.ProcessingResult;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ImgscalrImageProcessorTest {
    private final ImgscalrImageProcessor processor = new ImgscalrImageProcessor();

    private ProcessedImage processed(byte[] upload) {
        ProcessingResult result = processor.process(upload);
        assertThat(result).isInstanceOf(ProcessingResult.Processed.class);
        return ((ProcessingResult.Processed) result).image();
    }

    private ImageRejection rejected(byte[] upload) {
        ProcessingResult result = processor.process(upload);
        assertThat(result).isInstanceOf(ProcessingResult.Rejected.class);
        return ((ProcessingResult.Rejected) result).rejection();
    }

    private static Map<String, ProcessedImage.Rendition> byName(ProcessedImage image) {
        return image.renditions().stream().collect(Collectors.toMap(r -> r.variant() + "/" + r.format(), Function.identity()));
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void processing_a_photo_spools_nothing_through_temporary_files() throws Exception {
        // ImageIO's own streams copy every decode and encode through a file in its cache directory.
        byte[] photo = TestImages.jpeg(640, 480);
        java.nio.file.Path cache = java.nio.file.Files.createTempDirectory("imageio-cache");
        java.io.File previous = ImageIO.getCacheDirectory();
        boolean used = ImageIO.getUseCache();
        ImageIO.setCacheDirectory(cache.toFile());
        ImageIO.setUseCache(true);
        try (java.nio.file.WatchService watch = cache.getFileSystem().newWatchService()) {
            cache.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);

            processed(photo);
            assertThat(processor.jpeg(photo, ImageVariant.MEDIUM)).isInstanceOf(ProcessingResult.Processed.class);

            java.nio.file.WatchKey created = watch.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(created == null ? java.util.List.of() : created.pollEvents().stream().map(e -> String.valueOf(e.context())).toList())
                    .as("files created in ImageIO's cache").isEmpty();
        } finally {
            ImageIO.setCacheDirectory(previous);
            ImageIO.setUseCache(used);
        }
    }

    @Test
    void jpeg_png_and_webp_each_become_three_sizes_in_webp_and_jpeg() throws Exception {
        for (byte[] upload : List.of(TestImages.jpeg(3000, 2000), TestImages.png(3000, 2000), TestImages.webp(3000, 2000))) {
            Map<String, ProcessedImage.Rendition> r = byName(processed(upload));

            assertThat(r).hasSize(6);
            assertThat(size(r.get("FULL/WEBP"))).containsExactly(2048, 1365);
            assertThat(size(r.get("MEDIUM/JPEG"))).containsExactly(800, 533);
            assertThat(size(r.get("THUMBNAIL/WEBP"))).containsExactly(150, 150);
            for (ProcessedImage.Rendition rendition : r.values()) {
                assertThat(ImageType.sniff(rendition.bytes())).contains(rendition.format() == ImageFormat.WEBP ? ImageType.WEBP : ImageType.JPEG);
                BufferedImage decoded = decode(rendition.bytes());
                assertThat(new int[]{decoded.getWidth(), decoded.getHeight()}).containsExactly(rendition.width(), rendition.height());
            }
        }
    }

    @Test
    void small_photos_are_never_enlarged() {
        Map<String, ProcessedImage.Rendition> r = byName(processed(TestImages.jpeg(120, 90)));

        assertThat(size(r.get("FULL/JPEG"))).containsExactly(120, 90);
        assertThat(size(r.get("MEDIUM/JPEG"))).containsExactly(120, 90);
        assertThat(size(r.get("THUMBNAIL/JPEG"))).containsExactly(90, 90);
    }

    @Test
    void the_exif_orientation_is_applied_so_a_sideways_phone_photo_comes_out_upright() throws Exception {
        // Stored landscape, red top-left; orientation 6 says "rotate 90° clockwise to show".
        byte[] sideways = TestImages.withExif(TestImages.jpeg(400, 200), 6);

        BufferedImage medium = decode(byName(processed(sideways)).get("MEDIUM/JPEG").bytes());

        assertThat(new int[]{medium.getWidth(), medium.getHeight()}).containsExactly(200, 400);
        // After the turn: blue top-left, red top-right, yellow bottom-left, green bottom-right.
        assertThat(dominant(medium, 50, 100)).isEqualTo("blue");
        assertThat(dominant(medium, 150, 100)).isEqualTo("red");
        assertThat(dominant(medium, 50, 300)).isEqualTo("yellow");
        assertThat(dominant(medium, 150, 300)).isEqualTo("green");
    }

    @Test
    void every_orientation_is_turned_the_right_way() throws Exception {
        // Where the red quadrant (top-left when stored) ends up when shown, for each EXIF value.
        Map<Integer, String> redCorner = Map.of(1, "top-left", 2, "top-right", 3, "bottom-right", 4, "bottom-left",
                5, "top-left", 6, "top-right", 7, "bottom-right", 8, "bottom-left");
        for (var entry : redCorner.entrySet()) {
            BufferedImage shown = decode(byName(processed(TestImages.withExif(TestImages.jpeg(400, 200), entry.getKey())))
                    .get("MEDIUM/JPEG").bytes());
            int w = shown.getWidth();
            int h = shown.getHeight();
            String corner = dominant(shown, w / 4, h / 4).equals("red") ? "top-left"
                    : dominant(shown, 3 * w / 4, h / 4).equals("red") ? "top-right"
                    : dominant(shown, 3 * w / 4, 3 * h / 4).equals("red") ? "bottom-right" : "bottom-left";
            assertThat(corner).as("orientation %d", entry.getKey()).isEqualTo(entry.getValue());
            assertThat(w < h).as("orientation %d turns a quarter", entry.getKey()).isEqualTo(entry.getKey() >= 5);
        }
    }

    @Test
    void no_stored_file_keeps_exif_or_gps() throws Exception {
        byte[] withGps = TestImages.withExif(TestImages.jpeg(600, 400), 1);
        Metadata source = ImageMetadataReader.readMetadata(new ByteArrayInputStream(withGps));
        assertThat(source.getFirstDirectoryOfType(GpsDirectory.class)).as("control: the upload has GPS").isNotNull();

        for (ProcessedImage.Rendition rendition : processed(withGps).renditions()) {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(rendition.bytes()));
            assertThat(metadata.getFirstDirectoryOfType(GpsDirectory.class)).as(rendition.variant() + " " + rendition.format()).isNull();
            assertThat(metadata.getFirstDirectoryOfType(ExifIFD0Directory.class)).as(rendition.variant() + " " + rendition.format()).isNull();
            String raw = new String(rendition.bytes(), StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("Exif\0", "EXIF");
        }
    }

    @Test
    void transparency_is_flattened_onto_white() throws Exception {
        BufferedImage clear = new BufferedImage(300, 300, BufferedImage.TYPE_INT_ARGB);
        BufferedImage out = decode(byName(processed(TestImages.encode(clear, "png"))).get("MEDIUM/JPEG").bytes());

        assertThat(new Color(out.getRGB(150, 150)).getRed()).isGreaterThan(240);
    }

    @Test
    void the_type_comes_from_the_bytes_not_the_name() {
        assertThat(rejected("just some text, named photo.jpg".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImageRejection.UnsupportedType.class);
        assertThat(rejected(TestImages.encode(TestImages.quadrants(10, 10, false), "gif")).message()).contains("GIF");
        assertThat(rejected("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8)).message())
                .contains("SVG");
        assertThat(rejected(TestImages.encode(TestImages.quadrants(10, 10, false), "bmp")).message()).contains("BMP");
        assertThat(rejected(new byte[0])).isInstanceOf(ImageRejection.UnsupportedType.class);
        assertThat(rejected(new byte[]{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'}).message()).contains("HEIC")
                .contains("accepted are JPEG, PNG and WebP");
    }

    @Test
    void a_file_that_claims_a_type_but_does_not_decode_is_refused() {
        byte[] jpegHeaderThenNoise = new byte[4000];
        jpegHeaderThenNoise[0] = (byte) 0xFF;
        jpegHeaderThenNoise[1] = (byte) 0xD8;
        jpegHeaderThenNoise[2] = (byte) 0xFF;
        for (int i = 3; i < jpegHeaderThenNoise.length; i++) jpegHeaderThenNoise[i] = (byte) (i * 7919);

        assertThat(rejected(jpegHeaderThenNoise)).isInstanceOf(ImageRejection.Undecodable.class);
        byte[] truncatedPng = java.util.Arrays.copyOf(TestImages.png(50, 50), 40);
        assertThat(rejected(truncatedPng)).isInstanceOf(ImageRejection.Undecodable.class);
    }

    @Test
    void a_pixel_bomb_is_refused_from_its_header_without_being_decoded() {
        byte[] bomb = TestImages.pngDeclaring(20_000, 20_000);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        for (int i = 0; i < 20; i++) {
            assertThat(rejected(bomb)).isEqualTo(new ImageRejection.TooManyPixels(20_000, 20_000,
                    ImgscalrImageProcessor.MAX_PIXELS, ImgscalrImageProcessor.MAX_SIDE));
        }

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Decoding once would take 1.2 GB; twenty header reads take a few megabytes at most.
        assertThat(allocated).isLessThan(32L * 1024 * 1024);
    }

    @Test
    void too_wide_and_too_many_megapixels_are_both_refused() {
        assertThat(rejected(TestImages.pngDeclaring(20_001, 10))).isInstanceOf(ImageRejection.TooManyPixels.class);
        assertThat(rejected(TestImages.pngDeclaring(10_000, 5_001)).message()).contains("50 megapixels");
    }

    private static int[] size(ProcessedImage.Rendition r) {
        return new int[]{r.width(), r.height()};
    }

    private static String dominant(BufferedImage image, int x, int y) {
        Color c = new Color(image.getRGB(x, y));
        if (c.getRed() > 180 && c.getGreen() > 180 && c.getBlue() < 100) return "yellow";
        if (c.getRed() > 180 && c.getGreen() < 100 && c.getBlue() < 100) return "red";
        if (c.getGreen() > 180 && c.getRed() < 100 && c.getBlue() < 100) return "green";
        if (c.getBlue() > 180 && c.getRed() < 100 && c.getGreen() < 100) return "blue";
        return "unclear " + c;
    }
}
