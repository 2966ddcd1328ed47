package com.llatria.domain.ai;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.util.Optional;

/** Stores each item's recognition; scoped by owner like everything else. */
public interface AiDataRepository {
    /** Inserts or replaces the item's recognition (the first createdAt is kept). */
    void save(AiData data);

    Optional<AiData> find(UserId owner, ItemId item);
}
