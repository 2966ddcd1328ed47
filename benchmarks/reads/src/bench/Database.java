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
                // durable like the product's own embedded database (EmbeddedDatabase.DURABLE_SETTINGS),
                // not zonky's test defaults (fsync off, asynchronous commit): writes cost what they cost
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        try (var c = pg.getPostgresDatabase().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
            rs.next();
            String settings = rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3);
            if (!settings.equals("on/on/on")) throw new IllegalStateException("not durable: fsync/synchronous_commit/full_page_writes = " + settings);
            System.out.println("durable: fsync, synchronous_commit and full_page_writes on");
        }
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
