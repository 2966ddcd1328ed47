package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.IdempotencyRecordsContract;
import com.llatria.adapters.persistence.testing.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresIdempotencyRecordsTest extends IdempotencyRecordsContract {
    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();

    @Override
    protected Persistence freshPersistence() {
        return db.persistence();
    }
}
