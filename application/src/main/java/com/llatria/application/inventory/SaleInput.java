package com.llatria.application.inventory;

import com.llatria.application.Validation;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** How an item sold: when (default now), for how much and where; all optional. */
public record SaleInput(Instant soldAt, MoneyInput soldPrice, String platform) {
    /** Devices' clocks drift; a sale a few minutes "in the future" is still today's sale. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    public static SaleInput now() {
        return new SaleInput(null, null, null);
    }

    public Sale validate(Instant now) {
        Validation v = new Validation();
        v.check(soldAt == null || !soldAt.isAfter(now.plus(FUTURE_TOLERANCE)), "soldAt", "cannot be in the future");
        Optional<Money> price = ItemInput.money(v, "soldPrice", soldPrice);
        Optional<SalesChannel> channel = Optional.ofNullable(platform).flatMap(SalesChannel::fromWire);
        v.check(platform == null || channel.isPresent(), "platform", "must be one of " + ItemInput.names(SalesChannel.values()));
        v.throwIfInvalid();
        return new Sale(soldAt == null ? now : soldAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS), price, channel);
    }
}
