package com.llatria.application.inventory;

import com.llatria.domain.item.Item;
import com.llatria.domain.sync.DeviceId;

import java.util.Optional;

/**
 * Runs inside the transaction of every item write, after the item is stored: work that must
 * happen with the write or not at all (an item that sells takes its other listings down).
 */
@FunctionalInterface
public interface ItemWriteHook {
    void written(Optional<Item> before, Item after, DeviceId device);
}
