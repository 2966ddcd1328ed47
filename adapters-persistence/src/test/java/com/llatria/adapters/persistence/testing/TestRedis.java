package com.llatria.adapters.persistence.testing;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A real Redis for tests (embedded redis-server 6.2), one per test JVM, on a free port. */
public final class TestRedis {
    private static RedisServer server;
    private static int port;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (server == null) {
            port = freePort();
            try {
                server = build();
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded Redis", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stopQuietly));
        }
        return "redis://127.0.0.1:" + port;
    }

    /** The port it listens on (started if need be). */
    public static synchronized int port() {
        url();
        return port;
    }

    /** Stops the server (an outage); {@link #restart} brings it back on the same port, empty. */
    public static synchronized void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized void restart() {
        try {
            server = build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * No snapshots, loopback only, and killed rather than asked to stop: a redis-server that
     * saves on SIGTERM can hold the test JVM's exit for half a minute.
     */
    private static RedisServer build() throws IOException {
        return RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                .onShutdownForceStop(true).build();
    }

    private static void stopQuietly() {
        try {
            if (server != null) server.stop();
        } catch (IOException ignored) {
            // the JVM is going away
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
