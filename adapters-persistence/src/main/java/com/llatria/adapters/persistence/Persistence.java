package com.llatria.adapters.persistence;

import com.llatria.adapters.persistence.memory.InMemoryAiDataRepository;
import com.llatria.adapters.persistence.memory.InMemoryAiUsageLedger;
import com.llatria.adapters.persistence.memory.InMemoryChangeLog;
import com.llatria.adapters.persistence.memory.InMemoryCredentialStore;
import com.llatria.adapters.persistence.memory.InMemoryPostingRepository;
import com.llatria.adapters.persistence.memory.InMemoryConflictLog;
import com.llatria.adapters.persistence.memory.InMemorySyncDevices;
import com.llatria.adapters.persistence.memory.InMemorySyncFeed;
import com.llatria.adapters.persistence.memory.InMemoryImageRepository;
import com.llatria.adapters.persistence.memory.InMemoryItemRepository;
import com.llatria.adapters.persistence.memory.InMemoryRefreshTokenStore;
import com.llatria.adapters.persistence.memory.InMemorySaleChecks;
import com.llatria.adapters.persistence.memory.InMemorySalesHistory;
import com.llatria.adapters.persistence.memory.InMemorySharedSecrets;
import com.llatria.adapters.persistence.memory.InMemoryStore;
import com.llatria.adapters.persistence.memory.InMemoryTransactions;
import com.llatria.adapters.persistence.memory.InMemoryUserRepository;
import com.llatria.adapters.persistence.postgres.JooqAiDataRepository;
import com.llatria.adapters.persistence.postgres.JooqAiUsageLedger;
import com.llatria.adapters.persistence.postgres.JooqChangeLog;
import com.llatria.adapters.persistence.postgres.JooqCredentialStore;
import com.llatria.adapters.persistence.postgres.JooqPostingRepository;
import com.llatria.adapters.persistence.postgres.JooqConflictLog;
import com.llatria.adapters.persistence.postgres.JooqSyncDevices;
import com.llatria.adapters.persistence.postgres.JooqSyncFeed;
import com.llatria.adapters.persistence.postgres.JooqImageRepository;
import com.llatria.adapters.persistence.postgres.JooqItemRepository;
import com.llatria.adapters.persistence.postgres.JooqRefreshTokenStore;
import com.llatria.adapters.persistence.postgres.JooqSaleChecks;
import com.llatria.adapters.persistence.postgres.JooqSalesHistory;
import com.llatria.adapters.persistence.postgres.JooqSharedSecrets;
import com.llatria.adapters.persistence.postgres.JooqTransactions;
import com.llatria.adapters.persistence.postgres.JooqUserRepository;
import com.llatria.adapters.persistence.postgres.PostgresDatabase;
import com.llatria.domain.port.ChangeLog;
import com.llatria.domain.port.IdempotencyRecords;
import com.llatria.adapters.persistence.memory.InMemoryIdempotencyRecords;
import com.llatria.adapters.persistence.postgres.JooqIdempotencyRecords;
import com.llatria.domain.port.CredentialStore;
import com.llatria.domain.port.PostingJobs;
import com.llatria.domain.port.PostingRepository;
import com.llatria.domain.port.ConflictLog;
import com.llatria.domain.port.SyncDevices;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.port.ItemRepository;
import com.llatria.domain.port.RefreshTokenStore;
import com.llatria.domain.port.SaleChecks;
import com.llatria.domain.port.SharedSecrets;
import com.llatria.domain.port.Transactions;
import com.llatria.domain.port.UserRepository;
import org.jooq.DSLContext;

import javax.sql.DataSource;

/** The storage ports, all backed by one store, so that a transaction spans them. */
public record Persistence(ItemRepository items, UserRepository users, RefreshTokenStore refreshTokens,
                          ChangeLog changeLog, ImageRepository images, Transactions transactions,
                          PostingRepository postings, PostingJobs postingJobs, CredentialStore credentials,
                          SyncFeed syncFeed, SyncDevices syncDevices, ConflictLog conflicts,
                          AiPersistence ai, SaleChecks saleChecks, SharedSecrets sharedSecrets,
                          IdempotencyRecords idempotency) {

    /** Everything in memory: for tests and for trying the library without a database. */
    public static Persistence inMemory() {
        InMemoryStore store = new InMemoryStore();
        InMemoryPostingRepository postings = new InMemoryPostingRepository(store);
        return new Persistence(new InMemoryItemRepository(store), new InMemoryUserRepository(store),
                new InMemoryRefreshTokenStore(store), new InMemoryChangeLog(store), new InMemoryImageRepository(store),
                new InMemoryTransactions(store), postings, postings, new InMemoryCredentialStore(store),
                new InMemorySyncFeed(store), new InMemorySyncDevices(store), new InMemoryConflictLog(store),
                new AiPersistence(new InMemoryAiDataRepository(), new InMemoryAiUsageLedger(), new InMemorySalesHistory(store)),
                new InMemorySaleChecks(store), new InMemorySharedSecrets(), new InMemoryIdempotencyRecords());
    }

    /** PostgreSQL through the given data source; migrates the schema first. */
    public static Persistence postgres(DataSource dataSource) {
        return postgres(dataSource, false);
    }

    /**
     * As {@link #postgres(DataSource)}; with {@code renderedPhotos}, reads that show items (item,
     * list, pull pages, events) bring photos rendered ahead ({@link JooqItemRepository},
     * {@link JooqSyncFeed}, PhotosJson), as the server does; without, photos are read from their
     * renditions (tests compare the two).
     */
    public static Persistence postgres(DataSource dataSource, boolean renderedPhotos) {
        PostgresDatabase.migrate(dataSource);
        JooqTransactions transactions = new JooqTransactions(dataSource);
        DSLContext dsl = PostgresDatabase.jooq(transactions);
        JooqPostingRepository postings = new JooqPostingRepository(dsl);
        return new Persistence(new JooqItemRepository(dsl, renderedPhotos), new JooqUserRepository(dsl), new JooqRefreshTokenStore(dsl),
                new JooqChangeLog(dsl), new JooqImageRepository(dsl), transactions, postings, postings,
                new JooqCredentialStore(dsl), new JooqSyncFeed(dsl, renderedPhotos), new JooqSyncDevices(dsl), new JooqConflictLog(dsl),
                new AiPersistence(new JooqAiDataRepository(dsl), new JooqAiUsageLedger(dsl), new JooqSalesHistory(dsl)),
                new JooqSaleChecks(dsl), new JooqSharedSecrets(dsl), new JooqIdempotencyRecords(dsl));
    }
}
