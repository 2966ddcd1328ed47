package com.llatria.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.time.Duration;

/** {@code java -jar llatria-server.jar}: runs the server with the environment's settings. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        long began = System.nanoTime();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        Settings settings;
        try {
            settings = Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("bad setting: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Server server = Server.start(settings);
        // SIGTERM and Ctrl-C run shutdown hooks: finish requests, close the pool and the database.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        server.defaults().forEach(line -> LOG.info("default: {}", line));
        LOG.info("Llatria listening on http://{}:{} (started in {} ms)", settings.host(), server.port(),
                Duration.ofNanos(System.nanoTime() - began).toMillis());
    }
}
