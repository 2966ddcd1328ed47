package com.llatria.adapters.persistence.postgres;

import com.llatria.domain.ai.AiOperation;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.AiUsageLedger;
import com.llatria.domain.ai.AiUsageRecord;
import com.llatria.domain.user.UserId;
import org.jooq.DSLContext;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static com.llatria.adapters.persistence.postgres.jooq.Tables.AI_DAILY_REQUESTS;
import static com.llatria.adapters.persistence.postgres.jooq.Tables.AI_USAGE;

public final class JooqAiUsageLedger implements AiUsageLedger {
    private final DSLContext dsl;

    public JooqAiUsageLedger(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One statement: insert the day's row with 1, or add 1 where the count is still under the
     * limit. PostgreSQL locks the row for the upsert, so racing requests queue on it and the
     * count can never pass the limit; no row comes back when it is reached.
     */
    @Override
    public boolean tryReserve(UserId owner, LocalDate day, int limit) {
        if (limit <= 0) return false;
        return dsl.insertInto(AI_DAILY_REQUESTS)
                .set(AI_DAILY_REQUESTS.OWNER_ID, owner.value())
                .set(AI_DAILY_REQUESTS.DAY, day)
                .set(AI_DAILY_REQUESTS.REQUESTS, 1)
                .onConflict(AI_DAILY_REQUESTS.OWNER_ID, AI_DAILY_REQUESTS.DAY).doUpdate()
                .set(AI_DAILY_REQUESTS.REQUESTS, AI_DAILY_REQUESTS.REQUESTS.plus(1))
                .where(AI_DAILY_REQUESTS.REQUESTS.lt(limit))
                .execute() == 1;
    }

    @Override
    public int reserved(UserId owner, LocalDate day) {
        Integer count = dsl.select(AI_DAILY_REQUESTS.REQUESTS).from(AI_DAILY_REQUESTS)
                .where(AI_DAILY_REQUESTS.OWNER_ID.eq(owner.value()).and(AI_DAILY_REQUESTS.DAY.eq(day)))
                .fetchOne(AI_DAILY_REQUESTS.REQUESTS);
        return count == null ? 0 : count;
    }

    @Override
    public void record(AiUsageRecord call) {
        dsl.insertInto(AI_USAGE)
                .set(AI_USAGE.ID, call.id())
                .set(AI_USAGE.OWNER_ID, call.owner().value())
                .set(AI_USAGE.AT, Timestamps.toDb(call.at()))
                .set(AI_USAGE.OPERATION, call.operation().wireName())
                .set(AI_USAGE.PROVIDER, call.usage().provider().wireName())
                .set(AI_USAGE.MODEL, call.usage().model())
                .set(AI_USAGE.PROMPT_TOKENS, call.usage().promptTokens())
                .set(AI_USAGE.COMPLETION_TOKENS, call.usage().completionTokens())
                .set(AI_USAGE.LATENCY_MS, call.usage().latency().toMillis())
                .set(AI_USAGE.OUTCOME, call.outcome())
                .execute();
    }

    @Override
    public List<AiUsageRecord> recent(UserId owner, int limit) {
        return dsl.selectFrom(AI_USAGE).where(AI_USAGE.OWNER_ID.eq(owner.value()))
                .orderBy(AI_USAGE.AT.desc(), AI_USAGE.ID.desc()).limit(limit)
                .fetch(row -> new AiUsageRecord(row.getId(), new UserId(row.getOwnerId()), Timestamps.fromDb(row.getAt()),
                        AiOperation.valueOf(row.getOperation().toUpperCase(java.util.Locale.ROOT)),
                        new AiUsage(AiProvider.fromWire(row.getProvider()).orElseThrow(), row.getModel(), row.getPromptTokens(),
                                row.getCompletionTokens(), Duration.ofMillis(row.getLatencyMs())),
                        row.getOutcome()));
    }
}
