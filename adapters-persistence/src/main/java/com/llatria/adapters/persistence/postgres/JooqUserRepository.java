package com.llatria.adapters.persistence.postgres;

import com.llatria.adapters.persistence.postgres.jooq.tables.records.UsersRecord;
import com.llatria.domain.port.UserRepository;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;
import com.llatria.domain.user.UserName;
import org.jooq.DSLContext;

import java.util.Optional;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.USERS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.USER_VERSIONS;

public final class JooqUserRepository implements UserRepository {
    private final DSLContext dsl;

    public JooqUserRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Optional<User> find(UserId id) {
        return dsl.selectFrom(USERS).where(USERS.ID.eq(id.value())).fetchOptional().map(JooqUserRepository::toUser);
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return dsl.selectFrom(USERS).where(USERS.EMAIL.eq(email.value())).fetchOptional().map(JooqUserRepository::toUser);
    }

    @Override
    public Optional<User> lock(UserId id) {
        return dsl.selectFrom(USERS).where(USERS.ID.eq(id.value())).forUpdate().fetchOptional().map(JooqUserRepository::toUser);
    }

    @Override
    public boolean insert(User user) {
        int inserted = dsl.insertInto(USERS)
                .set(USERS.ID, user.id().value())
                .set(USERS.EMAIL, user.email().value())
                .set(USERS.NAME, user.name().map(UserName::value).orElse(null))
                .set(USERS.PASSWORD_HASH, user.passwordHash())
                .set(USERS.CREATED_AT, Timestamps.toDb(user.createdAt()))
                .set(USERS.UPDATED_AT, Timestamps.toDb(user.updatedAt()))
                .set(USERS.LAST_LOGIN, Timestamps.toDb(user.lastLogin().orElse(null)))
                .set(USERS.IS_ACTIVE, user.active())
                .set(USERS.SESSION_EPOCH, user.sessionEpoch())
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            dsl.insertInto(USER_VERSIONS).set(USER_VERSIONS.USER_ID, user.id().value()).set(USER_VERSIONS.VERSION, 0L).execute();
        }
        return inserted == 1;
    }

    @Override
    public void update(User user) {
        dsl.update(USERS)
                .set(USERS.NAME, user.name().map(UserName::value).orElse(null))
                .set(USERS.PASSWORD_HASH, user.passwordHash())
                .set(USERS.UPDATED_AT, Timestamps.toDb(user.updatedAt()))
                .set(USERS.LAST_LOGIN, Timestamps.toDb(user.lastLogin().orElse(null)))
                .set(USERS.IS_ACTIVE, user.active())
                .set(USERS.SESSION_EPOCH, user.sessionEpoch())
                .where(USERS.ID.eq(user.id().value()))
                .execute();
    }

    private static User toUser(UsersRecord r) {
        return new User(new UserId(r.getId()), new Email(r.getEmail()), Optional.ofNullable(r.getName()).map(UserName::new),
                r.getPasswordHash(), Timestamps.fromDb(r.getCreatedAt()), Timestamps.fromDb(r.getUpdatedAt()),
                Optional.ofNullable(Timestamps.fromDb(r.getLastLogin())), r.getIsActive(), r.getSessionEpoch());
    }
}
