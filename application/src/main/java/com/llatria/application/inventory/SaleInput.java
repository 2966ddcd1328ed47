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
    /** Nothing Llatria tracks sold before the Unix epoch; earlier dates are typos or attacks (PostgreSQL's range ends too). */
    public static final Instant EARLIEST = Instant.EPOCH;

    public static SaleInput now() {
        return new SaleInput(null, null, null);
    }

    public static SaleInput of(Sale sale) {
        return new SaleInput(sale.soldAt(), sale.soldPrice().map(MoneyInput::of).orElse(null),
                sale.channel().map(SalesChannel::wireName).orElse(null));
    }

    /** No field given: "sold now, price and platform unknown". */
    public boolean isEmpty() {
        return soldAt == null && soldPrice == null && platform == null;
    }

    public Sale validate(Instant now) {
        Validation v = new Validation();
        Optional<Sale> sale = validate(v, now, "platform");
        v.throwIfInvalid();
        return sale.orElseThrow();
    }

    /** Adds this sale's problems to {@code v}; the sale when there are none. */
    Optional<Sale> validate(Validation v, Instant now, String platformField) {
        int before = v.count();
        v.check(soldAt == null || !soldAt.isAfter(now.plus(FUTURE_TOLERANCE)), "soldAt", "cannot be in the future");
        v.check(soldAt == null || !soldAt.isBefore(EARLIEST), "soldAt", "must be in 1970 or later");
        v.text("platform", platform);
        Optional<Money> price = ItemInput.money(v, "soldPrice", soldPrice);
        Optional<SalesChannel> channel = Optional.ofNullable(platform).flatMap(SalesChannel::fromWire);
        v.check(platform == null || channel.isPresent(), platformField, "must be one of " + ItemInput.names(SalesChannel.values()));
        if (v.count() > before) return Optional.empty();
        return Optional.of(new Sale(soldAt == null ? now : soldAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS), price, channel));
    }
}
