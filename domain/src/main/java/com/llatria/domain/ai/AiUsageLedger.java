package com.llatria.domain.ai;

import com.llatria.domain.user.UserId;

import java.time.LocalDate;
import java.util.List;

/** Counts each user's provider requests per day (the daily limit) and records every call made. */
public interface AiUsageLedger {
    /**
     * Takes one request from the owner's allowance for {@code day}; false, and nothing taken,
     * when {@code limit} are already taken. Atomic: racing callers never take more than the limit.
     */
    boolean tryReserve(UserId owner, LocalDate day, int limit);

    /** Requests taken on {@code day}. */
    int reserved(UserId owner, LocalDate day);

    void record(AiUsageRecord call);

    /** The owner's latest calls, newest first. */
    List<AiUsageRecord> recent(UserId owner, int limit);
}
