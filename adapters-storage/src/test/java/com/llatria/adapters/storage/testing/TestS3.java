package com.llatria.adapters.storage.testing;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.net.URI;

/** A real S3 server in-process (S3Proxy over an in-memory blob store), with signature checking on. */
public final class TestS3 implements AutoCloseable {
    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";
    private final S3Proxy proxy;

    private TestS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static TestS3 start() {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) Thread.sleep(10);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        return new TestS3(proxy);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
