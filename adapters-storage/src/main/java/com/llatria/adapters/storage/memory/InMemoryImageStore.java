package com.llatria.adapters.storage.memory;

import com.llatria.domain.port.ImageStore;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Photos in a map: for tests and for running without a disk or object store. */
public final class InMemoryImageStore implements ImageStore {
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final String urlPrefix;

    public InMemoryImageStore(String urlPrefix) {
        this.urlPrefix = urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/";
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        files.put(key, bytes.clone());
    }

    @Override
    public void delete(String key) {
        files.remove(key);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(files.get(key)).map(byte[]::clone);
    }

    @Override
    public Optional<String> urlPrefix() {
        return Optional.of(urlPrefix);
    }

    @Override
    public String url(String key) {
        return urlPrefix + key;
    }

    /** Every key stored, for tests that check nothing was left behind. */
    public Set<String> keys() {
        return Set.copyOf(files.keySet());
    }
}
