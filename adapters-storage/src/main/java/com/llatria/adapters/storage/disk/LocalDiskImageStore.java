package com.llatria.adapters.storage.disk;

import com.llatria.domain.port.ImageStore;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Photos as files under one folder: the embedded default. The server serves them itself under
 * {@code urlPrefix}. Writes go to a temporary file first and are moved into place, so a reader
 * never sees half a file.
 */
public final class LocalDiskImageStore implements ImageStore {
    /** Keys are our own ({@code users/…/inventory/…}); anything else could escape the folder. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*");

    private final Path root;
    private final String urlPrefix;

    public LocalDiskImageStore(Path root, String urlPrefix) {
        this.root = root.toAbsolutePath().normalize();
        this.urlPrefix = urlPrefix.endsWith("/") ? urlPrefix : urlPrefix + "/";
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            try {
                Files.write(temp, bytes);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new StorageUnavailable("could not write " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new StorageUnavailable("could not delete " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageUnavailable("could not read " + key, e);
        }
    }

    @Override
    public Optional<String> urlPrefix() {
        return Optional.of(urlPrefix);
    }

    @Override
    public String url(String key) {
        return urlPrefix + key;
    }

    private Path resolve(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) throw new IllegalArgumentException("not a valid key: " + key);
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) throw new IllegalArgumentException("key escapes the store: " + key);
        return path;
    }
}
