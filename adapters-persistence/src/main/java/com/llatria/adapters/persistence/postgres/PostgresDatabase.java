package com.llatria.adapters.persistence.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Connection pool, migrations and the jOOQ context the repositories share. */
public final class PostgresDatabase {
    /** Our own history table, so a host service's Flyway migrations never collide with ours. */
    public static final String HISTORY_TABLE = "llatria_schema_history";

    private PostgresDatabase() {
    }

    /**
     * A pool that fails fast: a request waits at most {@code connectionTimeout} for a connection
     * and a query at most the socket timeout, so a database outage turns into quick errors
     * instead of hung requests, and the pool recovers as soon as the database is back.
     */
    public static HikariDataSource pool(String databaseUrl, String user, String password, int maxSize) {
        JdbcTarget target = JdbcTarget.parse(databaseUrl, user, password);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        if (target.user() != null) config.setUsername(target.user());
        if (target.password() != null) config.setPassword(target.password());
        config.setMaximumPoolSize(maxSize);
        config.setPoolName("llatria");
        config.setConnectionTimeout(Duration.ofSeconds(3).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        config.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }

    public static void migrate(DataSource dataSource) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/llatria")
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayValidateException e) {
            throw new IllegalStateException("the database's schema history does not fit this release's migrations: " + validationDetails(e), e);
        }
    }

    /**
     * Flyway's own lines naming each migration at fault, on one line: its first line says only
     * "Migrations have failed validation", and its advice names settings this server does not offer.
     */
    static String validationDetails(FlywayValidateException e) {
        String details = e.getMessage() == null ? "" : e.getMessage().lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("Validate failed") && !line.startsWith("To fix this error")
                        && !line.startsWith("Need more flexibility"))
                .collect(java.util.stream.Collectors.joining(" "));
        return details.isEmpty() ? String.valueOf(e.getMessage()) : details;
    }

    /**
     * One jOOQ context for all repositories. Its connections come from {@code transactions}, so
     * repository calls made inside {@link JooqTransactions#inTransaction} join that transaction.
     */
    public static DSLContext jooq(JooqTransactions transactions) {
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(SQLDialect.POSTGRES);
        configuration.set(transactions);
        configuration.settings().withRenderSchema(false).withExecuteLogging(false);
        return DSL.using(configuration);
    }

    /** Accepts a JDBC URL or the {@code postgres://user:pass@host:port/db} form hosting platforms give. */
    record JdbcTarget(String jdbcUrl, String user, String password) {
        static JdbcTarget parse(String url, String user, String password) {
            if (url.startsWith("jdbc:")) return new JdbcTarget(url, user, password);
            if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
                throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql://, postgres:// or postgresql://");
            }
            URI uri = URI.create(url);
            String fromUri = uri.getRawUserInfo();
            String u = user;
            String p = password;
            if (fromUri != null) {
                String[] parts = fromUri.split(":", 2);
                u = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                if (parts.length > 1) p = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
            String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new JdbcTarget("jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query, u, p);
        }
    }
}
