package com.llatria.adapters.storage.s3;

import com.llatria.adapters.storage.contract.ImageStoreContract;
import com.llatria.adapters.storage.testing.TestS3;
import com.llatria.domain.port.ImageStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 adapter against a real S3 server in-process (S3Proxy), signatures checked. */
class MinioImageStoreTest extends ImageStoreContract {
    private static TestS3 s3;
    private static MinioImageStore store;

    @BeforeAll
    static void startS3() {
        s3 = TestS3.start();
        store = MinioImageStore.connect(s3.endpoint(), "us-east-1", TestS3.ACCESS_KEY, TestS3.SECRET_KEY,
                "photos-" + UUID.randomUUID().toString().substring(0, 8), Optional.empty(), Duration.ofHours(1)).ensureBucket();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Override
    protected ImageStore store() {
        return store;
    }

    @Test
    void a_presigned_url_fetches_the_file_without_credentials() throws Exception {
        store.put("users/u/inventory/i/medium_7.jpg", new byte[]{9, 8, 7}, "image/jpeg");

        String url = store.url("users/u/inventory/i/medium_7.jpg");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(url).contains("X-Amz-Signature");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsExactly(9, 8, 7);
        assertThat(response.headers().firstValue("Content-Type")).contains("image/jpeg");
    }

    @Test
    void a_public_base_url_replaces_presigning() {
        MinioImageStore cdn = new MinioImageStore(null, "bucket", Optional.of("https://cdn.example.com/photos"), Duration.ofHours(1));

        assertThat(cdn.url("users/u/x.webp")).isEqualTo("https://cdn.example.com/photos/users/u/x.webp");
        assertThat(cdn.urlPrefix()).contains("https://cdn.example.com/photos/");
    }

    @Test
    void presigned_urls_have_no_fixed_prefix() {
        // They are signed per key and expire: pull must ask the store for each one.
        assertThat(store.urlPrefix()).isEmpty();
    }

    @Test
    void wrong_credentials_are_reported_as_storage_unavailable() {
        MinioImageStore wrong = MinioImageStore.connect(s3.endpoint(), "us-east-1", TestS3.ACCESS_KEY, "wrong-secret",
                "photos", Optional.empty(), Duration.ofHours(1));

        assertThatThrownBy(() -> wrong.put("users/u/k.jpg", new byte[]{1}, "image/jpeg")).isInstanceOf(ImageStore.StorageUnavailable.class);
    }

    @Test
    void a_server_that_is_down_is_reported_as_storage_unavailable() {
        TestS3 shortLived = TestS3.start();
        MinioImageStore doomed = MinioImageStore.connect(shortLived.endpoint(), "us-east-1", TestS3.ACCESS_KEY, TestS3.SECRET_KEY,
                "photos", Optional.empty(), Duration.ofHours(1)).ensureBucket();
        shortLived.close();

        assertThatThrownBy(() -> doomed.put("users/u/k.jpg", new byte[]{1}, "image/jpeg")).isInstanceOf(ImageStore.StorageUnavailable.class);
    }
}
