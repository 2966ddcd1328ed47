package bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Path;

/**
 * The benchmark's PostgreSQL when none is given: the same embedded PostgreSQL 17 the server
 * bundles, on a fixed port, with a fresh data folder. Runs until stdin closes or it is killed.
 * Usage: Database <data dir> <port>
 */
public final class Database {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(Path.of(args[0]))
                .setCleanDataDirectory(true)
                .setPort(Integer.parseInt(args[1]))
                // room for two pools of up to 100 connections each
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "512MB")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (Exception ignored) {
                // going away anyway
            }
        }));
        System.out.println("ready " + pg.getJdbcUrl("postgres", "postgres"));
        System.out.flush();
        Thread.currentThread().join();
    }
}
