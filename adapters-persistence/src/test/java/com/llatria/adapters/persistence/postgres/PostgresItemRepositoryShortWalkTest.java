package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.contract.ItemRepositoryContract;
import com.llatria.adapters.persistence.testing.FreshPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The item contract against PostgreSQL with a walk bound of 2 entries instead of 10,000 (2,000 for
 * text), and every text search walking first: a filtered list or a text search then takes the GIN fallback whenever two entries do not fill its page,
 * and the walk whenever they do, so both ways to a page, and the switch between them in the
 * middle of paging, must give exactly the contract's pages with a few dozen items.
 */
class PostgresItemRepositoryShortWalkTest extends ItemRepositoryContract {
    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();

    @Override
    protected Persistence freshPersistence() {
        Persistence p = db.persistence();
        JooqItemRepository items = new JooqItemRepository(PostgresDatabase.jooq((JooqTransactions) p.transactions()), 2, 2, -1, false);
        return new Persistence(items, p.users(), p.refreshTokens(), p.changeLog(), p.images(), p.transactions(), p.postings(),
                p.postingJobs(), p.credentials(), p.syncFeed(), p.syncDevices(), p.conflicts(), p.ai(), p.saleChecks(),
                p.sharedSecrets(), p.idempotency());
    }
}
