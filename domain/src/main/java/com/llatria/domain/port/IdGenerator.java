package com.llatria.domain.port;

import java.util.UUID;
import java.util.function.Function;

/** New ids come from here, so tests can make them predictable: {@code ids.next(ItemId::new)}. */
public interface IdGenerator {
    <T> T next(Function<UUID, T> type);

    /** Random (version 4) UUIDs: the production generator. */
    static IdGenerator random() {
        return new IdGenerator() {
            @Override
            public <T> T next(Function<UUID, T> type) {
                return type.apply(UUID.randomUUID());
            }
        };
    }
}
