package com.llatria.adapters.persistence.memory;

import com.llatria.domain.ai.AiData;
import com.llatria.domain.ai.AiDataRepository;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryAiDataRepository implements AiDataRepository {
    private final Map<ItemId, AiData> rows = new ConcurrentHashMap<>();

    @Override
    public void save(AiData data) {
        rows.merge(data.item(), data, (old, fresh) -> !old.owner().equals(fresh.owner()) ? old
                : new AiData(fresh.item(), fresh.owner(), fresh.recognition(), fresh.usage(), fresh.photos(), old.createdAt(), fresh.updatedAt()));
    }

    @Override
    public Optional<AiData> find(UserId owner, ItemId item) {
        return Optional.ofNullable(rows.get(item)).filter(d -> d.owner().equals(owner));
    }
}
