package com.llatria.adapters.persistence.testing;

import com.llatria.adapters.persistence.Persistence;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A contract suite's PostgreSQL: {@code @RegisterExtension FreshPostgres db}, then {@code db.persistence()} per test. */
public final class FreshPostgres implements AfterEachCallback {
    private HikariDataSource dataSource;

    /** Adapters over a new, migrated, empty database. */
    public Persistence persistence() {
        dataSource = TestPostgres.freshDatabase();
        return Persistence.postgres(dataSource);
    }

    /** The database behind the last {@link #persistence()}, for seeding in bulk with SQL. */
    public HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (dataSource != null) dataSource.close();
    }
}
