package com.llatria.domain.posting;

import com.llatria.domain.item.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A buyer bought a listing on a platform: the platform's order id and the line of the order
 * (together they name the sale, however often the platform shows the order again), the SKU of
 * the listing (ours are {@code LL-<item id>}, see {@link Listing#itemOf}), when it sold and for
 * how much.
 */
public record PlatformSale(String orderId, String lineId, String sku, Instant soldAt, Optional<Money> price) {
    public PlatformSale {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(soldAt, "soldAt");
        Objects.requireNonNull(price, "price");
    }
}
