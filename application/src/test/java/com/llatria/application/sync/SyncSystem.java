package com.llatria.application.sync;

import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.memory.InMemoryEventBus;
import com.llatria.adapters.storage.image.ImgscalrImageProcessor;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.inventory.ItemViews;
import com.llatria.application.inventory.ItemWriter;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.application.photos.PhotoPipeline;
import com.llatria.domain.fixtures.MutableClock;
import com.llatria.domain.fixtures.SequentialIds;
import com.llatria.domain.port.IdGenerator;
import com.llatria.domain.sync.ChangeLogEntry;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.HybridLogicalClock;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** The real use cases over one persistence (in memory or PostgreSQL), wired as the server wires them. */
final class SyncSystem {
    final MutableClock clock;
    final Persistence persistence;
    final HybridLogicalClock hlc;
    final InMemoryEventBus events = new InMemoryEventBus();
    final List<ChangeLogEntry> published = new CopyOnWriteArrayList<>();
    final ItemWriter writer;
    final Inventory inventory;
    final SyncPull pull;
    final SyncPush push;
    final SyncConflicts conflicts;

    SyncSystem(Persistence persistence, MutableClock clock) {
        this.persistence = persistence;
        this.clock = clock;
        this.hlc = new HybridLogicalClock(clock, new DeviceId("srv-test"));
        IdGenerator ids = IdGenerator.random();
        InMemoryImageStore store = new InMemoryImageStore("/files");
        events.subscribe(published::add);
        writer = new ItemWriter(persistence.items(), persistence.changeLog(), persistence.transactions(), events, clock, hlc);
        ItemViews views = new ItemViews(persistence.images(), persistence.postings(), store);
        ItemPhotos photos = new ItemPhotos(persistence.items(), persistence.images(), store,
                new PhotoPipeline(new ImgscalrImageProcessor(), store, Runnable::run), writer, views, new SequentialIds(), clock);
        inventory = new Inventory(persistence.items(), writer, views, photos, ids, clock);
        // Pages read ahead as the server does, on the caller's thread so that seeded runs replay exactly.
        pull = new SyncPull(persistence.syncFeed(), persistence.items(), persistence.syncDevices(), persistence.conflicts(), views,
                clock, Runnable::run);
        push = new SyncPush(writer, persistence.items(), persistence.syncDevices(), persistence.syncFeed(),
                persistence.conflicts(), photos, views, persistence.transactions(), ids, clock, hlc);
        conflicts = new SyncConflicts(persistence.conflicts(), writer, views, persistence.transactions(), clock);
    }

    static SyncSystem inMemory() {
        return new SyncSystem(Persistence.inMemory(), MutableClock.at("2026-11-25T10:00:00Z"));
    }

    UserId user() {
        UserId id = new UserId(UUID.randomUUID());
        persistence.users().insert(new User(id, new Email(id.value() + "@example.com"), "hash", clock.instant()));
        return id;
    }
}
