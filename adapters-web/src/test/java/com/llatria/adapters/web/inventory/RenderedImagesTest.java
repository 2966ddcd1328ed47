package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.llatria.adapters.web.Json;
import com.llatria.application.photos.RenderedPhotoViews;
import com.llatria.domain.image.RenderedPhotos;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The marker search and the streamed copy of rendered photos (ItemJsonWriterTest checks the bytes against the photos' views). */
class RenderedImagesTest {
    @Test
    void the_next_marker_is_found_at_every_offset_among_bytes_of_every_value() {
        Random random = new Random(20261126L);
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // every byte value, markers now and then, and the bytes a borrow could make look like one (0x00, 0x02, 0x81)
                bytes[i] = switch (random.nextInt(6)) {
                    case 0 -> RenderedPhotos.PREFIX;
                    case 1 -> 0x00;
                    case 2 -> (byte) (random.nextBoolean() ? 0x02 : 0x81);
                    default -> (byte) random.nextInt(256);
                };
            }
            for (int from = 0; from <= bytes.length; from++) {
                int expected = -1;
                for (int i = from; i < bytes.length; i++) {
                    if (bytes[i] == RenderedPhotos.PREFIX) {
                        expected = i;
                        break;
                    }
                }
                assertThat(RenderedImages.nextMarker(bytes, from)).as("round %d from %d", round, from).isEqualTo(expected);
            }
        }
    }

    /** Streamed into the answer's generator, segment by segment, the array is the same bytes as built whole, past the generator's buffer too. */
    @Test
    void photos_streamed_into_an_answer_are_the_photos_built_whole() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            StringBuilder photos = new StringBuilder("[");
            for (int p = random.nextInt(60); p >= 0; p--) {
                if (photos.length() > 1) photos.append(',');
                photos.append("{\"id\":\"").append(p).append("\",\"full\":{\"webp\":\"\u0001users/")
                        .append("k".repeat(random.nextInt(random.nextInt(10) == 0 ? 20_000 : 200))).append("\",\"jpeg\":\"\u0001x\"}}");
            }
            photos.append(']');
            RenderedPhotoViews rendered = new RenderedPhotoViews(new RenderedPhotos(photos.toString().getBytes(StandardCharsets.UTF_8)),
                    random.nextBoolean() ? "/files/" : "https://cdn.example.com/\"q\"/caf\u00e9/");
            ByteArrayBuilder streamed = new ByteArrayBuilder();
            try (JsonGenerator out = Json.MAPPER.createGenerator(streamed)) {
                out.writeStartArray();
                out.writeString("before");
                RenderedImages.write(out, rendered);
                out.writeString("after");
                out.writeEndArray();
            }
            String whole = new String(RenderedImages.bytes(rendered), StandardCharsets.UTF_8);
            assertThat(new String(streamed.toByteArray(), StandardCharsets.UTF_8)).as("round %d", round)
                    .isEqualTo("[\"before\"," + whole + ",\"after\"]");
            assertThat(whole).doesNotContain("\u0001").contains(rendered.urlPrefix().orElseThrow().replace("\"", "\\\"") + "users/");
        }
    }
}
