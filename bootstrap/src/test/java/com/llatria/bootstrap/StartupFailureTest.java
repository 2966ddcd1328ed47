package com.llatria.bootstrap;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar} with a bad setting: the process stops with exit code 2 and one clear line
 * naming the setting, no stack trace. Run as a real child JVM, the way an operator meets it.
 */
class StartupFailureTest {
    private static final String GOOD_SECRET = ServerFixture.SECRET;

    record Run(int exitCode, List<String> lines) {
    }

    private static Run main(Path dataDir, Map<String, String> settings) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("LLATRIA_DATA_DIR", dataDir.toString());
        builder.environment().putAll(settings);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output.lines().filter(line -> !line.isBlank()).toList());
    }

    private static void assertOneClearLine(Run run, String naming) {
        assertThat(run.exitCode()).as(String.join("\n", run.lines())).isEqualTo(2);
        List<String> errors = run.lines().stream().filter(line -> line.contains("ERROR")).toList();
        assertThat(errors).as(String.join("\n", run.lines())).hasSize(1);
        assertThat(errors.get(0)).contains(naming);
        assertThat(run.lines()).as("no stack trace").noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
    }

    @Test
    void bad_settings_stop_the_server_with_one_line_and_exit_code_2(@TempDir Path dataDir) throws Exception {
        assertOneClearLine(main(dataDir, Map.of("JWT_SECRET", "too-short")), "JWT_SECRET");
        assertOneClearLine(main(dataDir, Map.of("PORT", "http")), "PORT");
        assertOneClearLine(main(dataDir, Map.of("DATABASE_URL", "postgres://u:p@[bad/llatria")), "DATABASE_URL");
        assertOneClearLine(main(dataDir, Map.of("CORS_ORIGIN", "not an origin")), "CORS_ORIGIN");
        // The other settings go through the same path; SettingsTest checks each one's message.
    }

    @Test
    void a_port_in_use_is_one_line_too(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run run = main(dataDir, Map.of("PORT", Integer.toString(taken.getLocalPort()), "HOST", "127.0.0.1",
                    "JWT_SECRET", GOOD_SECRET, "DATABASE_URL", "postgres://u:p@127.0.0.1:1/never-reached"));
            assertOneClearLine(run, "PORT " + taken.getLocalPort());
        }
    }

    @Test
    void an_unreachable_database_is_one_line_too(@TempDir Path dataDir) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Run run = main(dataDir, Map.of("PORT", "0", "JWT_SECRET", GOOD_SECRET,
                "DATABASE_URL", "postgres://u:p@127.0.0.1:" + closedPort + "/llatria"));
        assertOneClearLine(run, "could not start");
    }

    /**
     * Finding 10.16: a migration of this release below one the database already ran (two branches
     * numbered out of merge order) stops the server; the line names the migration, where Flyway's
     * first line named nothing.
     */
    @Test
    void a_migration_the_database_skipped_is_named_in_the_one_line(@TempDir Path dataDir) throws Exception {
        try (HikariDataSource db = TestPostgres.freshDatabase()) {
            com.llatria.adapters.persistence.postgres.PostgresDatabase.migrate(db);
            try (var connection = db.getConnection(); var statement = connection.createStatement()) {
                statement.execute("delete from " + com.llatria.adapters.persistence.postgres.PostgresDatabase.HISTORY_TABLE
                        + " where version = '24'");
            }
            Run run = main(dataDir, Map.of("PORT", "0", "HOST", "127.0.0.1", "JWT_SECRET", GOOD_SECRET,
                    "DATABASE_URL", db.getJdbcUrl(), "DATABASE_USER", "postgres"));
            assertOneClearLine(run, "not applied to database: 24");
        }
    }

    @Test
    void cors_origin_takes_the_comma_separated_list_the_design_writes(@TempDir Path dataDir) throws Exception {
        HikariDataSource db = TestPostgres.freshDatabase();
        Map<String, String> env = new HashMap<>(Map.of("DATABASE_URL", db.getJdbcUrl(), "DATABASE_USER", "postgres",
                "JWT_SECRET", GOOD_SECRET, "PORT", "0", "HOST", "127.0.0.1", "LLATRIA_DATA_DIR", dataDir.toString(),
                "CORS_ORIGIN", "https://app.llatria.com, https://mobile.llatria.com"));
        try (db; Server server = Server.start(Settings.fromEnvironment(env))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String origin : List.of("https://app.llatria.com", "https://mobile.llatria.com", "https://evil.example")) {
                HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/api/inventory"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin).header("Access-Control-Request-Method", "POST").build(),
                        HttpResponse.BodyHandlers.ofString());
                String allowed = preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null);
                if (origin.contains("evil")) {
                    assertThat(allowed).as(origin).isNull();
                } else {
                    assertThat(allowed).as(origin).isEqualTo(origin);
                }
            }
        }
    }
}
