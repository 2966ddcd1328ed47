package com.llatria.adapters.persistence.memory;

import com.llatria.domain.ai.AiUsageLedger;
import com.llatria.domain.ai.AiUsageRecord;
import com.llatria.domain.user.UserId;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

public final class InMemoryAiUsageLedger implements AiUsageLedger {
    private record Day(UserId owner, LocalDate day) {
    }

    private final Map<Day, Integer> requests = new ConcurrentHashMap<>();
    private final List<AiUsageRecord> calls = new CopyOnWriteArrayList<>();

    @Override
    public boolean tryReserve(UserId owner, LocalDate day, int limit) {
        boolean[] taken = {false};
        requests.compute(new Day(owner, day), (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= limit) return count;
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    @Override
    public int reserved(UserId owner, LocalDate day) {
        return requests.getOrDefault(new Day(owner, day), 0);
    }

    @Override
    public void record(AiUsageRecord call) {
        calls.add(call);
    }

    @Override
    public List<AiUsageRecord> recent(UserId owner, int limit) {
        return calls.stream().filter(c -> c.owner().equals(owner))
                .sorted(Comparator.comparing(AiUsageRecord::at).thenComparing(c -> c.id().toString()).reversed())
                .limit(limit).toList();
    }
}
