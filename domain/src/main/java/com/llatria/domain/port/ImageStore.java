package com.llatria.domain.port;

import java.util.Optional;

/** Where photo files live: local disk, or S3-compatible object storage. */
public interface ImageStore {

    /** @throws StorageUnavailable when the store cannot take the file now */
    void put(String key, byte[] bytes, String contentType);

    /** Removes the file; a missing file is not an error. @throws StorageUnavailable */
    void delete(String key);

    /** The file's bytes, for stores the server serves itself. @throws StorageUnavailable */
    Optional<byte[]> get(String key);

    /** Where a client fetches the file: a public or CDN address, or a presigned one. */
    String url(String key);

    /**
     * The prefix every address of this store is made of, followed by the key ({@code url(key)}
     * equals {@code prefix + key} for every key), if there is one: then addresses can be made
     * without the store (reads copy photos rendered ahead, {@code RenderedPhotos}). Empty
     * when addresses are made per key (presigned ones, which expire).
     */
    default Optional<String> urlPrefix() {
        return Optional.empty();
    }

    /** The store cannot be reached or refused the operation; the caller's request fails as a whole. */
    final class StorageUnavailable extends RuntimeException {
        public StorageUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
