package com.llatria.adapters.persistence.memory;

import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.ConflictId;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.DeviceSyncState;
import com.llatria.domain.sync.RecordedConflict;
import com.llatria.domain.user.RefreshToken;
import com.llatria.domain.user.RefreshTokenId;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The state behind the in-memory adapters. One lock serialises every operation; a transaction
 * holds it throughout and restores a snapshot if its work throws, so these adapters honour the
 * same atomicity contract as PostgreSQL. Meant for tests and trying things out, not for volume:
 * each transaction copies the maps.
 */
public final class InMemoryStore {
    final ReentrantLock lock = new ReentrantLock();
    Map<ItemId, Item> items = new HashMap<>();
    Map<UserId, User> users = new HashMap<>();
    Map<RefreshTokenId, RefreshToken> refreshTokens = new HashMap<>();
    Map<UserId, List<ChangeLogEntry>> changes = new HashMap<>();
    Map<UserId, Long> versions = new HashMap<>();
    Map<ImageId, ItemImage> images = new HashMap<>();
    Map<ItemId, Long> photoVersions = new HashMap<>();
    PlatformTables platforms = new PlatformTables();
    Map<DeviceKey, DeviceSyncState> syncDevices = new HashMap<>();
    Map<ConflictId, RecordedConflict> conflicts = new HashMap<>();
    Map<UserId, Long> syncFloors = new HashMap<>();

    record DeviceKey(UserId owner, DeviceId device) {
    }

    <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }

    <T> T transaction(Supplier<T> work) {
        return locked(() -> {
            Snapshot before = snapshot();
            try {
                return work.get();
            } catch (RuntimeException | Error e) {
                restore(before);
                throw e;
            }
        });
    }

    private record Snapshot(Map<ItemId, Item> items, Map<UserId, User> users, Map<RefreshTokenId, RefreshToken> refreshTokens,
                            Map<UserId, List<ChangeLogEntry>> changes, Map<UserId, Long> versions,
                            Map<ImageId, ItemImage> images, Map<ItemId, Long> photoVersions, PlatformTables platforms,
                            Map<DeviceKey, DeviceSyncState> syncDevices, Map<ConflictId, RecordedConflict> conflicts,
                            Map<UserId, Long> syncFloors) {
    }

    private Snapshot snapshot() {
        Map<UserId, List<ChangeLogEntry>> changesCopy = new HashMap<>();
        changes.forEach((user, list) -> changesCopy.put(user, new ArrayList<>(list)));
        return new Snapshot(new HashMap<>(items), new HashMap<>(users), new HashMap<>(refreshTokens), changesCopy,
                new HashMap<>(versions), new HashMap<>(images), new HashMap<>(photoVersions), platforms.copy(),
                new HashMap<>(syncDevices), new HashMap<>(conflicts), new HashMap<>(syncFloors));
    }

    private void restore(Snapshot s) {
        items = s.items();
        users = s.users();
        refreshTokens = s.refreshTokens();
        changes = s.changes();
        versions = s.versions();
        images = s.images();
        photoVersions = s.photoVersions();
        platforms = s.platforms();
        syncDevices = s.syncDevices();
        conflicts = s.conflicts();
        syncFloors = s.syncFloors();
    }
}
