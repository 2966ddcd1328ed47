package com.llatria.bootstrap;

import com.llatria.adapters.web.photos.PhotoRoutes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole upload request is capped, not only each file: a request of many large parts is
 * refused with a 413 problem before its bytes are read, and nothing is stored.
 */
class UploadLimitsTest extends ServerFixture {

    @Test
    void an_upload_over_the_request_cap_is_refused_before_it_is_read() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        // Seven 15 MB parts: each within the per-photo limit, together over the request's.
        int parts = (int) (PhotoRoutes.MAX_REQUEST_BYTES / (15L * 1024 * 1024)) + 1;
        byte[] part = new byte[15 * 1024 * 1024 - 1024];
        new Random(1).nextBytes(part);
        String boundary = "cap";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < parts; i++) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"p" + i
                    + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(part);
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] bytes = body.toByteArray();
        assertThat((long) bytes.length).isGreaterThan(PhotoRoutes.MAX_REQUEST_BYTES);
        String head = "POST /api/inventory/" + item + "/images HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + ann.accessToken() + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\n";

        ByteArrayOutputStream withLength = new ByteArrayOutputStream();
        withLength.writeBytes((head + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        withLength.writeBytes(bytes);
        RawHttp.Answer declared = RawHttp.send(server.port(), withLength.toByteArray());
        assertThat(declared.status()).as(declared.body()).isEqualTo(413);
        assertThat(declared.isProblem()).as(declared.headers().toString()).isTrue();

        // Without a Content-Length (chunked), the cap applies as the bytes stream in.
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        chunked.writeBytes((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int chunk = 1024 * 1024;
        for (int at = 0; at < bytes.length; at += chunk) {
            int n = Math.min(chunk, bytes.length - at);
            chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.write(bytes, at, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Answer streamed = RawHttp.send(server.port(), chunked.toByteArray());
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(413);
        assertThat(streamed.isProblem()).as(streamed.headers().toString()).isTrue();

        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().get("images")).isEmpty();
    }
}
