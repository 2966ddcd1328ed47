package com.llatria.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.time.Duration;

/**
 * {@code java -jar llatria-server.jar}: runs the server with the environment's settings. A
 * server that cannot start (a bad setting, a port in use, a database that cannot be reached)
 * says why in one line and exits with code 2, so an operator reads the reason, not a trace.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** The exit code for "could not start with these settings". */
    static final int BAD_SETTINGS = 2;

    private Main() {
    }

    public static void main(String[] args) {
        long began = System.nanoTime();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Settings settings;
        Server server;
        try {
            settings = Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("bad setting: {}", e.getMessage());
            System.exit(BAD_SETTINGS);
            return;
        }
        try {
            server = Server.start(settings);
        } catch (RuntimeException e) {
            LOG.error("could not start: {}", Server.reason(e));
            LOG.debug("start-up failure", e);
            System.exit(BAD_SETTINGS);
            return;
        }
        // SIGTERM and Ctrl-C run shutdown hooks: finish requests, close the pool and the database.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        server.defaults().forEach(line -> LOG.info("default: {}", line));
        LOG.info("Llatria listening on http://{}:{} (started in {} ms)", settings.host(), server.port(),
                Duration.ofNanos(System.nanoTime() - began).toMillis());
    }
}
