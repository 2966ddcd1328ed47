package com.llatria.adapters.web.inventory;

import com.llatria.adapters.web.JsonFields;
import com.llatria.application.inventory.SaleInput;

import java.util.Set;

/**
 * How an item sold, as {@code PATCH /:id/sold} and bulk {@code mark_sold} take it: soldAt,
 * soldPrice, and the platform as {@code platform} or, as items show it, {@code soldPlatform}.
 */
final class SaleBody {
    static final Set<String> FIELDS = Set.of("soldAt", "soldPrice", "platform", "soldPlatform");

    private SaleBody() {
    }

    static SaleInput read(JsonFields sale) {
        if (sale.present("platform") && sale.present("soldPlatform")) {
            sale.problem("soldPlatform", "send platform or soldPlatform, not both");
        }
        String platform = sale.text("platform").or(() -> sale.text("soldPlatform")).orElse(null);
        return new SaleInput(sale.instant("soldAt").orElse(null), ItemBody.money(sale, "soldPrice", null).orElse(null), platform);
    }
}
