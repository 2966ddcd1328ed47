package com.llatria.bootstrap;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.GpsDirectory;
import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.storage.testing.TestImages;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Photos over HTTP, stored on local disk and served by the server, as in the embedded default. */
class PhotoApiTest extends ServerFixture {

    private static ApiClient.Part jpeg(String name, byte[] bytes) {
        return new ApiClient.Part(name, "image/jpeg", bytes);
    }

    private String newItem(ApiClient.User user) {
        return api.createItem(user, "Lamp", "10", null).get("id").asText();
    }

    private long storedFiles() throws Exception {
        try (Stream<java.nio.file.Path> files = Files.walk(dataDir.resolve("images"))) {
            return files.filter(Files::isRegularFile).count();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    @Test
    void a_sideways_phone_photo_comes_back_upright_small_and_without_gps_in_three_sizes() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);
        byte[] phonePhoto = TestImages.withExif(TestImages.jpeg(1200, 900), 6);

        ApiClient.Response uploaded = api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(jpeg("IMG_0001.JPG", phonePhoto)));

        assertThat(uploaded.status()).isEqualTo(201);
        JsonNode image = uploaded.json().at("/images/0");
        Map<String, int[]> expected = Map.of("thumbnail", new int[]{150, 150}, "medium", new int[]{600, 800}, "full", new int[]{900, 1200});
        for (var size : expected.entrySet()) {
            JsonNode variant = image.get(size.getKey());
            assertThat(new int[]{variant.get("width").asInt(), variant.get("height").asInt()}).containsExactly(size.getValue());
            for (String format : List.of("webp", "jpeg")) {
                HttpResponse<byte[]> file = api.fetch(variant.get(format).asText());
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(file.headers().firstValue("Content-Type")).contains(format.equals("webp") ? "image/webp" : "image/jpeg");
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(file.body()));
                assertThat(new int[]{decoded.getWidth(), decoded.getHeight()}).as(size.getKey() + " " + format).containsExactly(size.getValue());
                assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(file.body())).getFirstDirectoryOfType(GpsDirectory.class)).isNull();
            }
        }
        assertThat(image.at("/medium/jpeg").asText()).matches("/files/users/" + ann.id() + "/inventory/" + item + "/medium_\\d+_[0-9a-f-]+\\.jpg");
        assertThat(image.at("/full/webp").asText()).contains("/original_");

        JsonNode fetched = api.get("/api/inventory/" + item, ann.accessToken()).json();
        assertThat(fetched.get("images")).hasSize(1);
        assertThat(fetched.at("/images/0/id").asText()).isEqualTo(image.get("id").asText());
        assertThat(fetched.get("version").asLong()).isEqualTo(2);
        assertThat(api.get("/api/inventory", ann.accessToken()).json().at("/items/0/images/0/id").asText()).isEqualTo(image.get("id").asText());
    }

    @Test
    void png_and_webp_are_accepted_whatever_their_declared_type() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);

        ApiClient.Response r = api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(
                new ApiClient.Part("a.png", "application/octet-stream", TestImages.png(400, 300)),
                new ApiClient.Part("b.jpg", "image/jpeg", TestImages.webp(400, 300))));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("images").findValuesAsText("position")).containsExactly("0", "1");
    }

    @Test
    void a_file_that_is_not_an_image_is_a_415_naming_what_is_accepted_and_nothing_is_kept() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);
        long before = storedFiles();

        ApiClient.Response r = api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(
                jpeg("good.jpg", TestImages.jpeg(300, 200)),
                jpeg("evil.jpg", "<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8))));

        assertThat(r.status()).isEqualTo(415);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains("evil.jpg").contains("image/jpeg, image/png, image/webp");
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().get("images")).isEmpty();
        assertThat(storedFiles()).isEqualTo(before);
    }

    @Test
    void a_pixel_bomb_and_a_broken_image_are_422() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);

        ApiClient.Response bomb = api.upload("/api/inventory/" + item + "/images", ann.accessToken(),
                List.of(new ApiClient.Part("bomb.png", "image/png", TestImages.pngDeclaring(20_000, 20_000))));
        ApiClient.Response broken = api.upload("/api/inventory/" + item + "/images", ann.accessToken(),
                List.of(jpeg("broken.jpg", java.util.Arrays.copyOf(TestImages.jpeg(300, 200), 200))));

        assertThat(bomb.status()).isEqualTo(422);
        assertThat(bomb.json().get("detail").asText()).contains("20000 × 20000");
        assertThat(broken.status()).isEqualTo(422);
    }

    @Test
    void a_file_over_15_mb_is_a_413() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);
        byte[] big = new byte[15 * 1024 * 1024 + 1];
        byte[] jpeg = TestImages.jpeg(100, 100);
        System.arraycopy(jpeg, 0, big, 0, jpeg.length);

        ApiClient.Response r = api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(jpeg("huge.jpg", big)));

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("detail").asText()).contains("huge.jpg").contains("at most 15 MB");
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().get("images")).isEmpty();
    }

    @Test
    void an_item_takes_24_photos_and_no_more() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);
        List<ApiClient.Part> twentyFour = new ArrayList<>();
        for (int i = 0; i < 24; i++) twentyFour.add(jpeg("p" + i + ".jpg", TestImages.jpeg(40, 30)));

        assertThat(api.upload("/api/inventory/" + item + "/images", ann.accessToken(), twentyFour).status()).isEqualTo(201);
        ApiClient.Response more = api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(jpeg("25.jpg", TestImages.jpeg(40, 30))));

        assertThat(more.status()).isEqualTo(400);
        assertThat(more.json().at("/errors/0/reason").asText()).contains("at most 24");
    }

    @Test
    void photos_are_reordered_and_deleted_and_their_files_go_with_them() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);
        JsonNode images = api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(
                jpeg("a.jpg", TestImages.jpeg(60, 40)), jpeg("b.jpg", TestImages.jpeg(60, 40)), jpeg("c.jpg", TestImages.jpeg(60, 40))))
                .json().get("images");
        String a = images.get(0).get("id").asText(), b = images.get(1).get("id").asText(), c = images.get(2).get("id").asText();

        ApiClient.Response reordered = api.put("/api/inventory/" + item + "/images/reorder", ann.accessToken(), Map.of("imageIds", List.of(c, a, b)));
        assertThat(reordered.status()).isEqualTo(200);
        assertThat(reordered.json().get("images").findValuesAsText("id")).containsExactly(c, a, b);
        ApiClient.Response partial = api.put("/api/inventory/" + item + "/images/reorder", ann.accessToken(), Map.of("imageIds", List.of(c, a)));
        assertThat(partial.status()).isEqualTo(400);
        assertThat(partial.json().at("/errors/0/reason").asText()).contains("missing [" + b + "]");

        String thumbnailOfA = images.get(0).at("/thumbnail/webp").asText();
        assertThat(api.delete("/api/inventory/" + item + "/images/" + a, ann.accessToken()).status()).isEqualTo(204);
        assertThat(api.fetch(thumbnailOfA).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().get("images").findValuesAsText("id")).containsExactly(c, b);
        assertThat(api.delete("/api/inventory/" + item + "/images/" + a, ann.accessToken()).status()).isEqualTo(404);

        String thumbnailOfC = images.get(2).at("/thumbnail/jpeg").asText();
        assertThat(api.delete("/api/inventory/" + item, ann.accessToken()).status()).isEqualTo(204);
        assertThat(api.fetch(thumbnailOfC).statusCode()).as("deleting the item deletes its files").isEqualTo(404);
    }

    @Test
    void a_photo_write_with_a_tag_older_than_another_photo_write_fails_its_precondition() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);
        ApiClient.Response uploaded = api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(
                jpeg("a.jpg", TestImages.jpeg(60, 40)), jpeg("b.jpg", TestImages.jpeg(60, 40)), jpeg("c.jpg", TestImages.jpeg(60, 40))));
        JsonNode images = uploaded.json().get("images");
        String a = images.get(0).get("id").asText(), b = images.get(1).get("id").asText(), c = images.get(2).get("id").asText();
        String seen = uploaded.header("ETag");

        // Two devices saw the same photos; the first reorders, then the second, with the same tag.
        ApiClient.Response first = api.send("PUT", "/api/inventory/" + item + "/images/reorder", ann.accessToken(),
                ApiClient.json(Map.of("imageIds", List.of(c, b, a))), Map.of("If-Match", seen));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        ApiClient.Response second = api.send("PUT", "/api/inventory/" + item + "/images/reorder", ann.accessToken(),
                ApiClient.json(Map.of("imageIds", List.of(b, a, c))), Map.of("If-Match", seen));
        assertThat(second.status()).as("the first device's order is not silently overwritten").isEqualTo(412);
        assertThat(second.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().get("images").findValuesAsText("id")).containsExactly(c, b, a);
        // A delete and an upload with that tag fail alike; with the tag the reorder returned they go ahead.
        assertThat(api.send("DELETE", "/api/inventory/" + item + "/images/" + a, ann.accessToken(), null, Map.of("If-Match", seen)).status())
                .isEqualTo(412);
        assertThat(api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(jpeg("d.jpg", TestImages.jpeg(60, 40))),
                Map.of(), Map.of("If-Match", seen)).status()).isEqualTo(412);
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().get("images")).hasSize(3);
        String afterReorder = first.header("ETag");
        ApiClient.Response deleted = api.send("DELETE", "/api/inventory/" + item + "/images/" + a, ann.accessToken(), null,
                Map.of("If-Match", afterReorder));
        assertThat(deleted.status()).isEqualTo(204);

        // A field changed after the tag stales it for photo writes too, as before.
        assertThat(api.patch("/api/inventory/" + item, ann.accessToken(), Map.of("title", "Brass lamp")).status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/inventory/" + item + "/images/reorder", ann.accessToken(),
                ApiClient.json(Map.of("imageIds", List.of(b, c))), Map.of("If-Match", deleted.header("ETag"))).status())
                .as("a title changed after the tag").isEqualTo(412);
    }

    @Test
    void another_users_item_is_404_for_every_photo_endpoint() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        String item = newItem(ann);
        String photo = api.upload("/api/inventory/" + item + "/images", ann.accessToken(), List.of(jpeg("a.jpg", TestImages.jpeg(60, 40))))
                .json().at("/images/0/id").asText();

        assertThat(api.upload("/api/inventory/" + item + "/images", bob.accessToken(), List.of(jpeg("x.jpg", TestImages.jpeg(60, 40)))).status()).isEqualTo(404);
        assertThat(api.put("/api/inventory/" + item + "/images/reorder", bob.accessToken(), Map.of("imageIds", List.of(photo))).status()).isEqualTo(404);
        assertThat(api.delete("/api/inventory/" + item + "/images/" + photo, bob.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().get("images")).hasSize(1);
    }

    @Test
    void an_upload_that_is_not_multipart_is_explained() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = newItem(ann);

        ApiClient.Response r = api.post("/api/inventory/" + item + "/images", ann.accessToken(), Map.of("url", "http://example.com/a.jpg"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("multipart/form-data");
    }

    @Test
    void files_outside_the_photo_store_cannot_be_fetched() throws Exception {
        Files.writeString(dataDir.resolve("jwt-secret-copy"), "secret");

        assertThat(api.fetch("/files/../jwt-secret-copy").statusCode()).isEqualTo(404);
        assertThat(api.fetch("/files/%2e%2e/jwt-secret-copy").statusCode()).isEqualTo(404);
    }
}
