package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.port.Transactions;
import org.jooq.ContextTransactionalCallable;
import org.jooq.DSLContext;

import java.util.function.Supplier;

public final class JooqTransactions implements Transactions {
    private final DSLContext dsl;

    public JooqTransactions(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return dsl.transactionResult((ContextTransactionalCallable<T>) work::get);
    }
}
