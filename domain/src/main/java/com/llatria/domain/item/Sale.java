package com.llatria.domain.item;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

public record Sale(Instant soldAt, Optional<Money> soldPrice, Optional<SalesChannel> channel) {
    public Sale {
        Objects.requireNonNull(soldAt, "soldAt");
        Objects.requireNonNull(soldPrice, "soldPrice");
        Objects.requireNonNull(channel, "channel");
    }
}
