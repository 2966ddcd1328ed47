package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.ai.fake.FakeGemini;
import com.llatria.adapters.ai.fake.FakeModelServer;
import com.llatria.adapters.ai.fake.FakeOpenAi;
import com.llatria.adapters.ai.fake.SampleAnswers;
import com.llatria.adapters.storage.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 8.14: what a provider receives of a photo is a re-encoded JPEG without metadata, never the
 * upload's bytes with their EXIF GPS. Both providers are configured; Gemini (the primary) is
 * unsure, so OpenAI is asked too and both fakes see the photo.
 */
class AiPhotoMetadataTest extends ServerFixture {
    /** In an XMP packet and a JPEG comment, beside the EXIF GPS IFD: none of it may leave. */
    private static final String MARKER = "LLATRIA-SECRET-GPS-48.8583N-2.2944E-SERIAL-0123456789";
    private final FakeGemini gemini = new FakeGemini();
    private final FakeOpenAi openAi = new FakeOpenAi();
    private int photos;

    @Override
    protected Map<String, String> extraSettings() {
        return Map.of("GEMINI_API_KEY", "test-key", "GEMINI_BASE_URL", gemini.baseUrl().toString(),
                "OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", openAi.baseUrl().toString(), "OPENAI_MODEL", "gpt-4o-mini");
    }

    @BeforeEach
    void fakes() {
        gemini.reset();
        openAi.reset();
        gemini.always(gemini.ok(SampleAnswers.UNSURE));
    }

    @AfterAll
    void stopFakes() {
        gemini.close();
        openAi.close();
    }

    @Test
    void an_uploaded_photo_reaches_no_provider_with_its_metadata_and_is_still_cached_by_the_bytes_sent() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        byte[] upload = phonePhoto(1600, 1200);
        assertThat(segments(upload)).as("the test photo carries what must not leave").contains(0xE1, 0xFE);

        ApiClient.Response r = api.upload("/api/ai/recognize", ann.accessToken(),
                List.of(new ApiClient.Part("IMG_0001.jpg", "image/jpeg", upload)), Map.of());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("escalated").asBoolean()).as("both providers were asked").isTrue();
        assertClean(gemini, upload);
        assertClean(openAi, upload);
        assertThat(r.json().get("photoHash").asText()).as("the cache key stays the SHA-256 of the bytes the user sent")
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upload)));
    }

    @Test
    void an_items_stored_photos_reach_no_provider_with_their_metadata() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String id = api.createItem(ann, "lamp", "10", null).get("id").asText();
        byte[] upload = phonePhoto(1600, 1200);
        assertThat(api.upload("/api/inventory/" + id + "/images", ann.accessToken(),
                List.of(new ApiClient.Part("IMG_0002.jpg", "image/jpeg", upload))).status()).isEqualTo(201);

        ApiClient.Response r = api.post("/api/ai/recognize", ann.accessToken(), Map.of("itemId", id));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertClean(gemini, upload);
        assertClean(openAi, upload);
    }

    /** A JPEG as a phone writes it: EXIF with a GPS IFD, plus an XMP packet and a comment holding the marker. */
    private byte[] phonePhoto(int width, int height) {
        photos++;
        byte[] jpeg = TestImages.withExif(TestImages.jpeg(width + photos, height), 1);
        byte[] xmp = ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>" + MARKER + "</exif:GPSLatitude></x:xmpmeta>")
                .getBytes(StandardCharsets.ISO_8859_1);
        return withSegment(withSegment(jpeg, 0xE1, xmp), 0xFE, MARKER.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.writeBytes(payload);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void assertClean(FakeModelServer provider, byte[] upload) throws Exception {
        assertThat(provider.calls()).as("the provider was asked").isPositive();
        List<byte[]> images = new ArrayList<>();
        provider.requests().forEach(request -> collectImages(request.body(), images));
        assertThat(images).as("photos in the provider's requests").isNotEmpty();
        for (byte[] sent : images) {
            assertThat(Arrays.equals(sent, upload)).as("the provider got the upload's own bytes").isFalse();
            assertThat(segments(sent)).as("JPEG segments sent").doesNotContain(0xE1, 0xE2, 0xED, 0xFE);
            String text = new String(sent, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain(MARKER).doesNotContain("Exif\0\0").doesNotContain("http://ns.adobe.com/xap");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(sent));
            assertThat(Math.max(image.getWidth(), image.getHeight())).as("the medium size, not the upload's").isLessThanOrEqualTo(800);
        }
    }

    /** Every base64 image in a provider request: OpenAI's data URLs, Gemini's inline_data. */
    private static void collectImages(JsonNode node, List<byte[]> into) {
        if (node.isTextual() && node.asText().startsWith("data:image/")) {
            into.add(Base64.getDecoder().decode(node.asText().substring(node.asText().indexOf(',') + 1)));
        }
        if (node.has("inline_data")) into.add(Base64.getDecoder().decode(node.get("inline_data").get("data").asText()));
        node.forEach(child -> collectImages(child, into));
    }

    /** The markers of a JPEG's segments before its image data (APP1 = 0xE1, COM = 0xFE …). */
    private static List<Integer> segments(byte[] jpeg) {
        assertThat(jpeg[0] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg[1] & 0xFF).isEqualTo(0xD8);
        List<Integer> markers = new ArrayList<>();
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int marker = jpeg[i + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) break; // start of scan: image data follows
            i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
        }
        return markers;
    }
}
