package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.SaleChecksContract;
import com.llatria.adapters.persistence.testing.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSaleChecksTest extends SaleChecksContract {
    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();

    @Override
    protected Persistence freshPersistence() {
        return db.persistence();
    }
}
