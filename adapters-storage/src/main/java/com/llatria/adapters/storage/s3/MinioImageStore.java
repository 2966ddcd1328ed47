package com.llatria.adapters.storage.s3;

import com.llatria.domain.port.ImageStore;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * Photos in S3-compatible object storage (AWS S3, Cloudflare R2, MinIO) through minio-java.
 * Clients get either a public/CDN address ({@code publicBaseUrl} + key) or a presigned GET.
 */
public final class MinioImageStore implements ImageStore {
    private final MinioClient client;
    private final String bucket;
    private final Optional<String> publicBaseUrl;
    private final Duration presignedLifetime;

    public MinioImageStore(MinioClient client, String bucket, Optional<String> publicBaseUrl, Duration presignedLifetime) {
        this.client = client;
        this.bucket = bucket;
        this.publicBaseUrl = publicBaseUrl.map(base -> base.endsWith("/") ? base : base + "/");
        this.presignedLifetime = presignedLifetime;
    }

    public static MinioImageStore connect(String endpoint, String region, String accessKey, String secretKey, String bucket,
                                          Optional<String> publicBaseUrl, Duration presignedLifetime) {
        MinioClient client = MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey).build();
        return new MinioImageStore(client, bucket, publicBaseUrl, presignedLifetime);
    }

    /** Creates the bucket if it does not exist yet (handy for MinIO and tests; on AWS it usually exists). */
    public MinioImageStore ensureBucket() {
        call("check the bucket", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
        return this;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        call("store " + key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1)
                .contentType(contentType)
                .headers(java.util.Map.of("Cache-Control", "public, max-age=31536000, immutable"))
                .build()));
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    @Override
    public Optional<byte[]> get(String key) {
        return call("read " + key, () -> {
            try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                return Optional.of(response.readAllBytes());
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code())) return Optional.empty();
                throw e;
            }
        });
    }

    @Override
    public Optional<String> urlPrefix() {
        return publicBaseUrl;
    }

    @Override
    public String url(String key) {
        if (publicBaseUrl.isPresent()) return publicBaseUrl.get() + key;
        return call("presign " + key, () -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET).bucket(bucket).object(key).expiry((int) presignedLifetime.toSeconds()).build()));
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(String what, Call<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new StorageUnavailable("object storage could not " + what + ": " + e.getMessage(), e);
        }
    }
}
