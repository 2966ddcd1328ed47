package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.ImageRepositoryContract;
import com.llatria.adapters.persistence.testing.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

class PostgresImageRepositoryTest extends ImageRepositoryContract {
    private HikariDataSource dataSource;

    @Override
    protected Persistence freshPersistence() {
        dataSource = TestPostgres.freshDatabase();
        return Persistence.postgres(dataSource);
    }

    @AfterEach
    void closePool() {
        dataSource.close();
    }
}
