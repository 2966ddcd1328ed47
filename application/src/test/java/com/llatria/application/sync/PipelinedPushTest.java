package com.llatria.application.sync;

import com.llatria.adapters.persistence.testing.FreshPostgres;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemValue;
import com.llatria.domain.item.Money;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import com.llatria.domain.sync.Write;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device that sends its next batch before the answer to the last one (pipelining, two sync
 * threads) while the first is still being applied: the second waits for the first, on real
 * PostgreSQL, and applies; it is not refused as a mutation gap, since nothing is missing.
 */
class PipelinedPushTest {
    private static final DeviceId PHONE = new DeviceId("phone");

    @RegisterExtension
    final FreshPostgres db = new FreshPostgres();

    private static List<Mutation> creates(long from, int count, long millis) {
        List<Mutation> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Hlc stamp = new Hlc(millis, i, PHONE);
            Map<ItemField, Write<ItemValue>> fields = new EnumMap<>(ItemField.class);
            fields.put(ItemField.TITLE, new Write<>(new ItemValue.Title("Item " + (from + i)), stamp));
            fields.put(ItemField.PRICE, new Write<>(new ItemValue.Price(Money.usd("5.00")), stamp));
            batch.add(new Mutation.Upsert(from + i, new ItemId(UUID.randomUUID()), 0, fields));
        }
        return batch;
    }

    @Test
    void a_batch_sent_while_the_one_before_it_is_still_being_applied_waits_for_it_and_applies() throws Exception {
        SyncSystem sync = new SyncSystem(db.persistence(), MutableClock.at("2026-11-25T10:00:00Z"));
        UserId owner = sync.user();
        List<Mutation> first = creates(1, SyncPush.MAX_MUTATIONS, sync.clock.millis());
        List<Mutation> second = creates(SyncPush.MAX_MUTATIONS + 1, 20, sync.clock.millis() + 1);

        CompletableFuture<SyncPush.Result> running = CompletableFuture.supplyAsync(
                () -> sync.push.push(owner, PHONE, SyncProblems.SCHEMA_VERSION, first));
        // Sent once the first has applied some of its mutations and not all: it is in flight.
        long seen = 0;
        while (seen == 0 && !running.isDone()) {
            seen = sync.pull.lastSync(owner, PHONE).lastMutationId();
            Thread.onSpinWait();
        }
        assertThat(seen).as("the second batch went out while the first was being applied").isBetween(1L, (long) SyncPush.MAX_MUTATIONS - 1);
        SyncPush.Result next = sync.push.push(owner, PHONE, SyncProblems.SCHEMA_VERSION, second);

        assertThat(next.results()).extracting(SyncPush.Outcome::status).containsOnly(SyncPush.Status.APPLIED);
        assertThat(running.get(60, TimeUnit.SECONDS).results()).extracting(SyncPush.Outcome::status)
                .containsOnly(SyncPush.Status.APPLIED);
        assertThat(sync.pull.lastSync(owner, PHONE).lastMutationId()).isEqualTo(SyncPush.MAX_MUTATIONS + 20);
    }
}
