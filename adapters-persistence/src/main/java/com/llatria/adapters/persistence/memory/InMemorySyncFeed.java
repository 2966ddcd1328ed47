package com.llatria.adapters.persistence.memory;

import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.port.SyncFeed;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

public final class InMemorySyncFeed implements SyncFeed {
    private final InMemoryStore store;

    public InMemorySyncFeed(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public Page page(UserId owner, long afterVersion, int limit) {
        return store.locked(() -> {
            List<Item> items = store.items.values().stream()
                    .filter(item -> item.owner().equals(owner) && item.version() > afterVersion)
                    .sorted(Comparator.comparingLong(Item::version))
                    .limit(limit)
                    .toList();
            Map<ItemId, List<ItemImage>> photos = store.images.values().stream()
                    .filter(image -> image.owner().equals(owner))
                    .sorted(InMemoryImageRepository.ORDER)
                    .collect(Collectors.groupingBy(ItemImage::item));
            Map<ItemId, List<PlatformPosting>> postings = store.platforms.postings.values().stream()
                    .filter(posting -> posting.owner().equals(owner))
                    .sorted(Comparator.comparing(PlatformPosting::platform))
                    .collect(Collectors.groupingBy(PlatformPosting::item));
            return new Page(store.versions.getOrDefault(owner, 0L), store.syncFloors.getOrDefault(owner, 0L),
                    items.stream().map(item -> new ItemWithPhotos(item, photos.getOrDefault(item.id(), List.of()),
                            postings.getOrDefault(item.id(), List.of()))).toList());
        });
    }

    @Override
    public long currentVersion(UserId owner) {
        return store.locked(() -> store.versions.getOrDefault(owner, 0L));
    }

    @Override
    public long floor(UserId owner) {
        return store.locked(() -> store.syncFloors.getOrDefault(owner, 0L));
    }

    @Override
    public int purgeTombstones(Instant deletedBefore, int limit) {
        return store.transaction(() -> {
            List<Item> old = store.items.values().stream()
                    .filter(item -> item.deletion().filter(d -> d.at().isBefore(deletedBefore)).isPresent())
                    .sorted(Comparator.comparingLong(Item::version))
                    .limit(limit)
                    .toList();
            for (Item item : old) {
                store.items.remove(item.id());
                store.images.values().removeIf(image -> image.item().equals(item.id()));
                store.syncFloors.merge(item.owner(), item.version(), Math::max);
            }
            return old.size();
        });
    }
}
