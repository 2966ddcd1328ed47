package com.llatria.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
        List<String> corsOrigins,
        Path dataDir,
        int bcryptCost,
        int databasePoolSize,
        Optional<String> publicBaseUrl,
        Optional<S3> s3,
        AiEnvironment ai,
        PlatformSettings platforms,
        Duration tombstoneRetention,
        int syncMaxUnsentBytes,
        int syncMaxSocketsPerUser,
        com.llatria.adapters.web.RateLimiting.Limits rateLimits) {

    /** S3-compatible photo storage; chosen when S3_BUCKET_NAME is set. */
    public record S3(String bucket, String endpoint, String region, String accessKey, String secretKey,
                     Optional<String> publicBaseUrl) {
    }

    /** HS256 wants a key at least as long as its hash. */
    static final int MIN_SECRET_BYTES = 32;

    /** Every value is checked here, so a bad one stops the start with a message naming it, before anything runs. */
    public static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                nonBlank(env, "DATABASE_URL").map(Settings::databaseUrl),
                nonBlank(env, "DATABASE_USER"),
                nonBlank(env, "DATABASE_PASSWORD"),
                nonBlank(env, "JWT_SECRET").map(Settings::secret),
                duration(env, "JWT_EXPIRES_IN", Duration.ofMinutes(15)),
                duration(env, "JWT_REFRESH_EXPIRES_IN", Duration.ofDays(7)),
                nonBlank(env, "HOST").orElse("0.0.0.0"),
                integer(env, "PORT", 3000, 0, 65535),
                nonBlank(env, "CORS_ORIGIN").map(Settings::origins).orElse(List.of()),
                path(env, "LLATRIA_DATA_DIR", "data"),
                integer(env, "BCRYPT_COST", 10, 10, 16),
                integer(env, "DATABASE_POOL_SIZE", 10, 1, 200),
                nonBlank(env, "PUBLIC_BASE_URL").map(url -> httpUrl("PUBLIC_BASE_URL", url))
                        .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                s3(env),
                AiEnvironment.from(env),
                PlatformSettings.fromEnvironment(env),
                duration(env, "SYNC_TOMBSTONE_RETENTION", Duration.ofDays(30)),
                integer(env, "SYNC_MAX_UNSENT_BYTES", 4 << 20, 64 << 10, 1 << 30),
                integer(env, "SYNC_MAX_SOCKETS_PER_USER", 20, 1, 10_000),
                rateLimits(env));
    }

    /** security.md's numbers unless told otherwise; 0 turns a limit off. */
    private static com.llatria.adapters.web.RateLimiting.Limits rateLimits(Map<String, String> env) {
        List<String> proxies = nonBlank(env, "TRUSTED_PROXIES")
                .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
        return new com.llatria.adapters.web.RateLimiting.Limits(integer(env, "RATE_LIMIT_PER_IP", 100, 0, 1_000_000),
                integer(env, "RATE_LIMIT_PER_USER", 1000, 0, 10_000_000), proxies, integer(env, "RATE_LIMIT_IPV6_PREFIX", 64, 32, 128));
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
        String endpoint = nonBlank(env, "S3_ENDPOINT").map(url -> httpUrl("S3_ENDPOINT", url))
                .orElse("https://s3." + region + ".amazonaws.com");
        return Optional.of(new S3(bucket.get(), endpoint, region, accessKey, secretKey,
                nonBlank(env, "IMAGE_BASE_URL").map(url -> httpUrl("IMAGE_BASE_URL", url))));
    }

    private static String secret(String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes (it has " + bytes
                    + "); for instance: openssl rand -base64 48");
        }
        return value;
    }

    private static String databaseUrl(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("jdbc:postgresql://")) rest = value.substring("jdbc:".length());
        else if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) rest = value;
        else throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql://, postgres:// or postgresql://");
        try {
            URI uri = new URI(rest);
            if (uri.getHost() == null) throw new URISyntaxException(rest, "no host");
        } catch (URISyntaxException e) {
            // Never echo the value: it may hold a password.
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)");
        }
        return value;
    }

    /** The design writes CORS_ORIGIN as a comma-separated list: "https://app.llatria.com,https://mobile.llatria.com". */
    private static List<String> origins(String value) {
        List<String> origins = Arrays.stream(value.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList();
        for (String origin : origins) {
            if (origin.equals("*")) {
                if (origins.size() > 1) throw new IllegalArgumentException("CORS_ORIGIN '*' cannot be combined with other origins");
                continue;
            }
            URI uri;
            try {
                uri = new URI(origin);
            } catch (URISyntaxException e) {
                uri = null;
            }
            boolean ok = uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            if (!ok) {
                throw new IllegalArgumentException("CORS_ORIGIN must be origins such as https://app.llatria.com separated by commas (or *), not '"
                        + origin + "'");
            }
        }
        return origins;
    }

    private static String httpUrl(String name, String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) return value;
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an http:// or https:// URL, not '" + value + "'");
    }

    private static Path path(Map<String, String> env, String name, String fallback) {
        String value = nonBlank(env, name).orElse(fallback);
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(name + " is not a usable path: " + e.getReason());
        }
    }

    /** The variable's value, trimmed; empty when unset or blank. Shared by every settings reader here. */
    static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
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
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is too large: '" + raw.get() + "'");
        }
        Duration d;
        try {
            d = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " is too large: '" + raw.get() + "'");
        }
        if (d.isZero()) throw new IllegalArgumentException(name + " must be longer than zero");
        if (d.compareTo(Duration.ofDays(3650)) > 0) throw new IllegalArgumentException(name + " must be at most ten years");
        return d;
    }
}
