package com.llatria.bootstrap;

import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances never stamp as the same device, so their stamps can never tie. */
class InstanceIdTest {
    private static final ItemInput LAMP = new ItemInput("Lamp", null, new MoneyInput(new BigDecimal("12"), null),
            null, null, null, null, null);

    private static DeviceId stampingDevice(Llatria llatria) {
        UserId user = llatria.authentication().register("ann@example.com", "correct horse").user().id();
        Item item = llatria.inventory().create(user, new DeviceId("desk"), Optional.empty(), LAMP).view().item();
        Hlc stamp = item.stamps().get(ItemField.TITLE).stamp();
        return stamp.device();
    }

    @Test
    void each_instance_stamps_its_writes_with_its_own_id() {
        try (Llatria a = Llatria.builder().inMemory().jwtSecret(ServerFixture.SECRET).build();
             Llatria b = Llatria.builder().inMemory().jwtSecret(ServerFixture.SECRET).build();
             Llatria named = Llatria.builder().inMemory().jwtSecret(ServerFixture.SECRET).instanceId("eu-1").build()) {
            assertThat(stampingDevice(a)).isNotEqualTo(stampingDevice(b)).isNotEqualTo(DeviceId.SERVER);
            assertThat(stampingDevice(named)).isEqualTo(new DeviceId("eu-1"));
        }
    }
}
