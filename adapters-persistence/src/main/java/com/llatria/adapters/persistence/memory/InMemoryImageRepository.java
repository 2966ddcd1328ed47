package com.llatria.adapters.persistence.memory;

import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.port.ImageRepository;
import com.llatria.domain.user.UserId;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class InMemoryImageRepository implements ImageRepository {
    static final Comparator<ItemImage> ORDER = Comparator.comparingInt(ItemImage::position)
            .thenComparing(image -> image.id().toString());
    private final InMemoryStore store;

    public InMemoryImageRepository(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public List<ItemImage> forItem(UserId owner, ItemId item) {
        return store.locked(() -> store.images.values().stream()
                .filter(i -> i.owner().equals(owner) && i.item().equals(item)).sorted(ORDER).toList());
    }

    @Override
    public Map<ItemId, List<ItemImage>> forItems(UserId owner, Collection<ItemId> items) {
        Map<ItemId, List<ItemImage>> byItem = new LinkedHashMap<>();
        items.forEach(id -> byItem.put(id, forItem(owner, id)));
        return byItem;
    }

    @Override
    public void insert(ItemImage image) {
        store.locked(() -> {
            if (store.images.putIfAbsent(image.id(), image) != null) throw new IllegalStateException("duplicate image id " + image.id());
        });
    }

    @Override
    public boolean delete(UserId owner, ItemId item, ImageId image) {
        return store.locked(() -> {
            ItemImage existing = store.images.get(image);
            if (existing == null || !existing.owner().equals(owner) || !existing.item().equals(item)) return false;
            store.images.remove(image);
            return true;
        });
    }

    @Override
    public void reorder(UserId owner, ItemId item, List<ImageId> order) {
        store.locked(() -> {
            for (int position = 0; position < order.size(); position++) {
                ItemImage existing = store.images.get(order.get(position));
                if (existing != null && existing.owner().equals(owner) && existing.item().equals(item)) {
                    store.images.put(existing.id(), existing.at(position));
                }
            }
        });
    }

    @Override
    public long photosVersion(UserId owner, ItemId item) {
        return store.locked(() -> {
            var stored = store.items.get(item);
            return stored == null || !stored.owner().equals(owner) ? 0L : store.photoVersions.getOrDefault(item, 0L);
        });
    }

    @Override
    public void photosWritten(UserId owner, ItemId item, long version) {
        store.locked(() -> {
            var stored = store.items.get(item);
            if (stored != null && stored.owner().equals(owner)) store.photoVersions.put(item, version);
        });
    }

    @Override
    public List<ItemImage> deleteAll(UserId owner, ItemId item) {
        return store.locked(() -> {
            List<ItemImage> removed = forItem(owner, item);
            removed.forEach(image -> store.images.remove(image.id()));
            return removed;
        });
    }
}
