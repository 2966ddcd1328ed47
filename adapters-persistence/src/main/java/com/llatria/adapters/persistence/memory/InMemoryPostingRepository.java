package com.llatria.adapters.persistence.memory;

import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.PostingJobs;
import com.llatria.domain.port.PostingRepository;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Postings and their job leases in memory: one lock, so claims can never overlap. */
public final class InMemoryPostingRepository implements PostingRepository, PostingJobs {
    private final InMemoryStore store;

    public InMemoryPostingRepository(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public Optional<PlatformPosting> find(UserId owner, ItemId item, Platform platform) {
        return store.locked(() -> store.platforms.postings.values().stream()
                .filter(p -> p.owner().equals(owner) && p.item().equals(item) && p.platform() == platform).findFirst());
    }

    @Override
    public Optional<PlatformPosting> find(UserId owner, PostingId id) {
        return store.locked(() -> Optional.ofNullable(store.platforms.postings.get(id)).filter(p -> p.owner().equals(owner)));
    }

    @Override
    public List<PlatformPosting> forItem(UserId owner, ItemId item) {
        return store.locked(() -> store.platforms.postings.values().stream()
                .filter(p -> p.owner().equals(owner) && p.item().equals(item))
                .sorted(Comparator.comparing(PlatformPosting::platform)).toList());
    }

    @Override
    public List<ItemId> itemsWithLivePostings(UserId owner) {
        return store.locked(() -> store.platforms.postings.values().stream()
                .filter(p -> p.owner().equals(owner) && p.live()).map(PlatformPosting::item).distinct()
                .sorted(Comparator.comparing(ItemId::value)).toList());
    }

    @Override
    public Map<ItemId, List<PlatformPosting>> forItems(UserId owner, Collection<ItemId> items) {
        Map<ItemId, List<PlatformPosting>> out = new LinkedHashMap<>();
        items.forEach(id -> out.put(id, forItem(owner, id)));
        return out;
    }

    @Override
    public void save(PlatformPosting posting) {
        store.locked(() -> {
            PlatformPosting existing = store.platforms.postings.get(posting.id());
            boolean clash = store.platforms.postings.values().stream().anyMatch(p -> !p.id().equals(posting.id())
                    && p.item().equals(posting.item()) && p.platform() == posting.platform());
            if (clash || existing != null && !existing.owner().equals(posting.owner())) {
                throw new IllegalStateException("another posting exists for this item and platform");
            }
            store.platforms.postings.put(posting.id(), posting);
        });
    }

    @Override
    public List<PlatformPosting> claim(String worker, Instant now, Instant leaseUntil, int limit) {
        return store.locked(() -> {
            List<PlatformPosting> due = store.platforms.postings.values().stream()
                    .filter(p -> p.dueAt().isPresent() && !p.dueAt().get().isAfter(now))
                    .filter(p -> {
                        PlatformTables.Lease lease = store.platforms.leases.get(p.id());
                        return lease == null || lease.until().isBefore(now);
                    })
                    .sorted(Comparator.comparing(p -> p.dueAt().get()))
                    .limit(limit).toList();
            due.forEach(p -> store.platforms.leases.put(p.id(), new PlatformTables.Lease(worker, leaseUntil)));
            return due;
        });
    }

    @Override
    public boolean release(PostingId id, String worker) {
        return store.locked(() -> {
            PlatformTables.Lease lease = store.platforms.leases.get(id);
            if (lease == null || !lease.worker().equals(worker)) return false;
            store.platforms.leases.remove(id);
            return true;
        });
    }

    @Override
    public boolean renew(PostingId id, String worker, Instant until) {
        return store.locked(() -> {
            PlatformTables.Lease lease = store.platforms.leases.get(id);
            if (lease == null || !lease.worker().equals(worker)) return false;
            store.platforms.leases.put(id, new PlatformTables.Lease(worker, until));
            return true;
        });
    }

    @Override
    public Optional<PlatformPosting> leased(PostingId id, String worker) {
        return store.locked(() -> {
            PlatformTables.Lease lease = store.platforms.leases.get(id);
            return lease != null && lease.worker().equals(worker) ? Optional.ofNullable(store.platforms.postings.get(id))
                    : Optional.<PlatformPosting>empty();
        });
    }

    @Override
    public Optional<Instant> nextDue() {
        return store.locked(() -> store.platforms.postings.values().stream()
                .filter(p -> !store.platforms.leases.containsKey(p.id()))
                .map(PlatformPosting::dueAt).flatMap(Optional::stream).min(Comparator.naturalOrder()));
    }
}
