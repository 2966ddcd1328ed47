package com.llatria.bootstrap;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Base of the HTTP tests: the real server, started the way Main starts it, on a fresh database
 * of the shared embedded PostgreSQL. {@code db} reads the tables directly to check what the API
 * claims it stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerFixture {
    static final String SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";
    protected Server server;
    protected ApiClient api;
    protected HikariDataSource db;

    protected Path dataDir;

    /** Settings a test class adds to the defaults below (S3, for instance). */
    protected Map<String, String> extraSettings() {
        return Map.of();
    }

    @BeforeAll
    void startServer() throws java.io.IOException {
        db = TestPostgres.freshDatabase();
        dataDir = java.nio.file.Files.createTempDirectory("llatria-test-");
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "DATABASE_URL", db.getJdbcUrl(), "DATABASE_USER", "postgres", "DATABASE_PASSWORD", "postgres",
                "JWT_SECRET", SECRET, "PORT", "0", "HOST", "127.0.0.1", "LLATRIA_DATA_DIR", dataDir.toString()));
        // Test classes send far more than 100 requests a minute from 127.0.0.1: RateLimitTest tests the limits.
        env.put("RATE_LIMIT_PER_IP", "0");
        env.put("RATE_LIMIT_PER_USER", "0");
        env.putAll(extraSettings());
        server = Server.start(Settings.fromEnvironment(env));
        api = new ApiClient(server.port());
    }

    @AfterAll
    void stopServer() {
        server.close();
        db.close();
    }

    static String uniqueEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
