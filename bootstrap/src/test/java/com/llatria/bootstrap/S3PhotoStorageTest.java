package com.llatria.bootstrap;

import com.llatria.adapters.storage.testing.TestImages;
import com.llatria.adapters.storage.testing.TestS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The server configured for S3 (a real S3 server in-process): presigned URLs, and what happens when S3 goes away. */
class S3PhotoStorageTest extends ServerFixture {
    private TestS3 s3;

    @Override
    protected Map<String, String> extraSettings() {
        s3 = TestS3.start();
        return Map.of("S3_BUCKET_NAME", "llatria-photos", "S3_ENDPOINT", s3.endpoint(), "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", TestS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", TestS3.SECRET_KEY);
    }

    @AfterAll
    void stopS3() {
        s3.close();
    }

    @Test
    void photos_go_to_s3_and_come_back_through_presigned_urls_and_an_outage_leaves_nothing_half_done() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = api.createItem(ann, "Lamp", "10", null).get("id").asText();

        ApiClient.Response stored = api.upload("/api/inventory/" + item + "/images", ann.accessToken(),
                List.of(new ApiClient.Part("a.jpg", "image/jpeg", TestImages.jpeg(900, 600))));
        assertThat(stored.status()).isEqualTo(201);
        String url = stored.json().at("/images/0/medium/webp").asText();
        assertThat(url).startsWith(s3.endpoint() + "/llatria-photos/users/" + ann.id() + "/inventory/" + item + "/medium_").contains("X-Amz-Signature");
        HttpResponse<byte[]> file = api.fetch(url);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type")).contains("image/webp");
        long versionBefore = api.get("/api/inventory/" + item, ann.accessToken()).json().get("version").asLong();

        s3.close();
        ApiClient.Response duringOutage = api.upload("/api/inventory/" + item + "/images", ann.accessToken(),
                List.of(new ApiClient.Part("b.jpg", "image/jpeg", TestImages.jpeg(900, 600))));

        assertThat(duringOutage.status()).isEqualTo(503);
        assertThat(duringOutage.contentType()).startsWith("application/problem+json");
        var after = api.get("/api/inventory/" + item, ann.accessToken()).json();
        assertThat(after.get("images")).hasSize(1);
        assertThat(after.get("version").asLong()).isEqualTo(versionBefore);
    }
}
