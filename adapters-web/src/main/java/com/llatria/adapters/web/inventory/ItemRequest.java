package com.llatria.adapters.web.inventory;

import com.llatria.application.inventory.ItemInput;

import java.util.UUID;

/**
 * The body of a create or full update. {@code id} is for offline-created items (create only);
 * {@code expectedVersion} makes an update refuse to overwrite changes the client has not seen.
 */
record ItemRequest(UUID id, String title, String description, MoneyJson price, String condition, String category,
                   String sku, MoneyJson cost, String status, Long expectedVersion) {
    ItemInput toInput() {
        return new ItemInput(title, description, MoneyJson.toInput(price), condition, category, sku, MoneyJson.toInput(cost), status);
    }
}
