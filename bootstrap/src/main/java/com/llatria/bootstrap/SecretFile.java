package com.llatria.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** A generated JWT secret kept in the data folder, so sessions survive a restart in embedded mode. */
final class SecretFile {
    private SecretFile() {
    }

    static String loadOrCreate(Path file) {
        return loadOrCreate(file, 48, false);
    }

    /** A random secret of {@code bytes} bytes, base64 (standard when {@code standardBase64}, else URL-safe unpadded). */
    static String loadOrCreate(Path file, int bytesLong, boolean standardBase64) {
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
            byte[] bytes = new byte[bytesLong];
            new SecureRandom().nextBytes(bytes);
            String secret = standardBase64 ? Base64.getEncoder().encodeToString(bytes)
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the folder's own permissions apply
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the secret at " + file, e);
        }
    }
}
