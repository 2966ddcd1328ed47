package com.llatria.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's settings, read from environment variables (names as in the design). Everything
 * has a default except DATABASE_URL and JWT_SECRET, whose absence means "embedded mode": an
 * embedded PostgreSQL and a generated secret, both kept in the data folder.
 */
public record Settings(
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        Optional<String> jwtSecret,
        Duration accessTokenLifetime,
        Duration refreshTokenLifetime,
        String host,
        int port,
        Optional<String> corsOrigin,
        Path dataDir,
        int bcryptCost,
        int databasePoolSize,
        Optional<String> publicBaseUrl,
        Optional<S3> s3) {

    /** S3-compatible photo storage; chosen when S3_BUCKET_NAME is set. */
    public record S3(String bucket, String endpoint, String region, String accessKey, String secretKey,
                     Optional<String> publicBaseUrl) {
    }

    public static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                nonBlank(env, "DATABASE_URL"),
                nonBlank(env, "DATABASE_USER"),
                nonBlank(env, "DATABASE_PASSWORD"),
                nonBlank(env, "JWT_SECRET"),
                duration(env, "JWT_EXPIRES_IN", Duration.ofMinutes(15)),
                duration(env, "JWT_REFRESH_EXPIRES_IN", Duration.ofDays(7)),
                nonBlank(env, "HOST").orElse("0.0.0.0"),
                integer(env, "PORT", 3000, 0, 65535),
                nonBlank(env, "CORS_ORIGIN"),
                Path.of(nonBlank(env, "LLATRIA_DATA_DIR").orElse("data")),
                integer(env, "BCRYPT_COST", 10, 10, 16),
                integer(env, "DATABASE_POOL_SIZE", 10, 1, 200),
                nonBlank(env, "PUBLIC_BASE_URL").map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                s3(env));
    }

    private static Optional<S3> s3(Map<String, String> env) {
        Optional<String> bucket = nonBlank(env, "S3_BUCKET_NAME");
        if (bucket.isEmpty()) return Optional.empty();
        String region = nonBlank(env, "AWS_REGION").orElse("us-east-1");
        String accessKey = nonBlank(env, "AWS_ACCESS_KEY_ID")
                .orElseThrow(() -> new IllegalArgumentException("S3_BUCKET_NAME is set, so AWS_ACCESS_KEY_ID is required"));
        String secretKey = nonBlank(env, "AWS_SECRET_ACCESS_KEY")
                .orElseThrow(() -> new IllegalArgumentException("S3_BUCKET_NAME is set, so AWS_SECRET_ACCESS_KEY is required"));
        // R2 and MinIO need their own endpoint; AWS is the default.
        String endpoint = nonBlank(env, "S3_ENDPOINT").orElse("https://s3." + region + ".amazonaws.com");
        return Optional.of(new S3(bucket.get(), endpoint, region, accessKey, secretKey, nonBlank(env, "IMAGE_BASE_URL")));
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        Optional<String> raw = nonBlank(env, name);
        if (raw.isEmpty()) return fallback;
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) throw new NumberFormatException();
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not '" + raw.get() + "'");
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    /** "900" (seconds), "15m", "12h", "7d" — the forms the design's JWT_EXPIRES_IN uses. */
    static Duration duration(Map<String, String> env, String name, Duration fallback) {
        Optional<String> raw = nonBlank(env, name);
        if (raw.isEmpty()) return fallback;
        Matcher m = DURATION.matcher(raw.get());
        if (!m.matches()) throw new IllegalArgumentException(name + " must look like 900, 15m, 12h or 7d, not '" + raw.get() + "'");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) throw new IllegalArgumentException(name + " must be longer than zero");
        return d;
    }
}
