package com.llatria.adapters.persistence.contract;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;
import java.util.UUID;

/**
 * Base of the contract suites: each runs once against the in-memory adapters and once against
 * PostgreSQL, so the in-memory adapters can be trusted as fakes everywhere else.
 */
public abstract class PersistenceContract {
    protected Persistence persistence;

    /** Adapters over an empty store, new for each test. */
    protected abstract Persistence freshPersistence();

    @BeforeEach
    void setUpStore() {
        persistence = freshPersistence();
    }

    protected UserId aUser() {
        UserId id = new UserId(UUID.randomUUID());
        persistence.users().insert(new User(id, new Email(id.value() + "@example.com"), "$2a$10$hash", Instant.parse("2026-11-01T00:00:00Z")));
        return id;
    }
}
