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
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
            byte[] bytes = new byte[48];
            new SecureRandom().nextBytes(bytes);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the folder's own permissions apply
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the JWT secret at " + file, e);
        }
    }
}
