package com.llatria.domain.ai;

import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One provider call made for a user: {@code outcome} is "ok" or the failure's reason. */
public record AiUsageRecord(UUID id, UserId owner, Instant at, AiOperation operation, AiUsage usage, String outcome) {
    public AiUsageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(outcome, "outcome");
    }
}
