package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.port.SharedSecrets;
import org.jooq.DSLContext;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.SHARED_SECRETS;

public final class JooqSharedSecrets implements SharedSecrets {
    private final DSLContext dsl;

    public JooqSharedSecrets(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public String recordIfAbsent(String name, String fingerprint) {
        // Two servers starting at once: one insert wins, and both read the winner.
        dsl.insertInto(SHARED_SECRETS).set(SHARED_SECRETS.NAME, name).set(SHARED_SECRETS.FINGERPRINT, fingerprint)
                .onConflictDoNothing().execute();
        return dsl.select(SHARED_SECRETS.FINGERPRINT).from(SHARED_SECRETS).where(SHARED_SECRETS.NAME.eq(name)).fetchOne().value1();
    }

    @Override
    public void replace(String name, String fingerprint) {
        dsl.insertInto(SHARED_SECRETS).set(SHARED_SECRETS.NAME, name).set(SHARED_SECRETS.FINGERPRINT, fingerprint)
                .onConflict(SHARED_SECRETS.NAME).doUpdate().set(SHARED_SECRETS.FINGERPRINT, fingerprint)
                .set(SHARED_SECRETS.RECORDED_AT, org.jooq.impl.DSL.currentOffsetDateTime()).execute();
    }
}
