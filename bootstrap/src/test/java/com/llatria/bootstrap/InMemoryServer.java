package com.llatria.bootstrap;

import io.javalin.Javalin;

import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * An in-memory Llatria served over real HTTP on a free loopback port: what the sync socket tests
 * (and others that need their own server settings) start instead of the shared PostgreSQL one.
 */
final class InMemoryServer implements AutoCloseable {
    private final Llatria llatria;
    private final Javalin javalin;
    private final ApiClient api;

    private InMemoryServer(Llatria llatria) {
        this.llatria = llatria;
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            llatria.http().mount(config.routes);
        }).start("127.0.0.1", 0);
        this.api = new ApiClient(javalin.port());
    }

    /** {@code configure} adds its settings to an in-memory builder with the test JWT secret. */
    static InMemoryServer start(UnaryOperator<Llatria.Builder> configure) {
        return new InMemoryServer(configure.apply(Llatria.builder().inMemory().jwtSecret(ServerFixture.SECRET)).build().start());
    }

    Llatria llatria() {
        return llatria;
    }

    ApiClient api() {
        return api;
    }

    int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        llatria.close();
    }

    /** Waits (polling every 20 ms) until the condition holds; fails after 30 s. */
    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.sleep(20);
        }
    }
}
