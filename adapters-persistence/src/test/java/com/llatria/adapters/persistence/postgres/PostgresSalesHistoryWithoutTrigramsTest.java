package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.SalesHistoryContract;
import com.llatria.adapters.persistence.testing.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The same contract on a database where pg_trgm could not be installed (V6 then skips the index). */
class PostgresSalesHistoryWithoutTrigramsTest extends SalesHistoryContract {
    private HikariDataSource dataSource;

    @Override
    protected Persistence freshPersistence() {
        dataSource = TestPostgres.freshDatabase();
        Persistence persistence = Persistence.postgres(dataSource);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP EXTENSION pg_trgm CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return persistence;
    }

    @AfterEach
    void close() {
        dataSource.close();
    }
}
