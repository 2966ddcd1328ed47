package com.llatria.adapters.web.inventory;

import com.llatria.application.inventory.SaleInput;

import java.time.Instant;

record SoldRequest(Instant soldAt, MoneyJson soldPrice, String platform) {
    SaleInput toInput() {
        return new SaleInput(soldAt, MoneyJson.toInput(soldPrice), platform);
    }
}
