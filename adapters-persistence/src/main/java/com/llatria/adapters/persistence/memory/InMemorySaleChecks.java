package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.SaleChecks;
import com.llatria.domain.posting.CredentialStatus;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformCredential;
import com.llatria.domain.posting.PlatformSale;
import com.llatria.domain.posting.SaleCheck;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

public final class InMemorySaleChecks implements SaleChecks {
    private final InMemoryStore store;

    public InMemorySaleChecks(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public void watch(UserId owner, Platform platform, Instant from) {
        store.locked(() -> {
            store.platforms.saleChecks.putIfAbsent(new PlatformTables.CredentialKey(owner, platform),
                    new SaleCheck(owner, platform, from, from, Optional.empty()));
        });
    }

    @Override
    public List<SaleCheck> claim(String worker, Instant now, Instant leaseUntil, int limit) {
        return store.locked(() -> {
            PlatformTables t = store.platforms;
            List<SaleCheck> due = t.saleChecks.entrySet().stream()
                    .filter(e -> !e.getValue().dueAt().isAfter(now))
                    .filter(e -> {
                        PlatformTables.Lease lease = t.saleLeases.get(e.getKey());
                        return lease == null || lease.until().isBefore(now);
                    })
                    .filter(e -> {
                        PlatformCredential c = t.credentials.get(e.getKey());
                        return c != null && c.status() == CredentialStatus.CONNECTED;
                    })
                    .map(java.util.Map.Entry::getValue)
                    .sorted(Comparator.comparing(SaleCheck::dueAt))
                    .limit(limit)
                    .toList();
            due.forEach(c -> t.saleLeases.put(new PlatformTables.CredentialKey(c.owner(), c.platform()),
                    new PlatformTables.Lease(worker, leaseUntil)));
            return due;
        });
    }

    @Override
    public boolean finish(SaleCheck check, String worker, Instant forgetBefore) {
        return store.locked(() -> {
            PlatformTables.CredentialKey key = new PlatformTables.CredentialKey(check.owner(), check.platform());
            PlatformTables.Lease lease = store.platforms.saleLeases.get(key);
            if (lease == null || !lease.worker().equals(worker) || !store.platforms.saleChecks.containsKey(key)) return false;
            store.platforms.saleLeases.remove(key);
            store.platforms.saleChecks.put(key, check);
            store.platforms.saleLines.entrySet().removeIf(e -> e.getKey().owner().equals(check.owner())
                    && e.getKey().platform() == check.platform() && e.getValue().isBefore(forgetBefore));
            return true;
        });
    }

    @Override
    public boolean firstSight(UserId owner, Platform platform, PlatformSale sale) {
        return store.locked(() -> store.platforms.saleLines.putIfAbsent(
                new PlatformTables.SaleLineKey(owner, platform, sale.orderId(), sale.lineId()), sale.soldAt()) == null);
    }

    @Override
    public Optional<SaleCheck> find(UserId owner, Platform platform) {
        return store.locked(() -> Optional.ofNullable(store.platforms.saleChecks.get(new PlatformTables.CredentialKey(owner, platform))));
    }
}
