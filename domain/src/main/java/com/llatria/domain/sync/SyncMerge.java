package com.llatria.domain.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges a device's change into the server's replica of an entity.
 *
 * <p>Per field, the write with the later HLC stamp wins, whatever order changes arrive in, so
 * replicas that see the same changes converge. A conflict is recorded whenever a value is
 * discarded that the writer had not seen: an incoming write that loses, or a server value changed
 * after the change's base version that the incoming write overwrites. A value last written by the
 * same device as the incoming write was seen by it (its own earlier write): never a conflict. A delete is a tombstone that
 * no edit undoes; a delete meeting an unseen edit records the edit so it can be restored. Only
 * a restore (a user's resolution) brings a deleted entity back, and a delete stamped before the
 * restore (it had not seen it: a device that had would have moved its clock past it) is dropped,
 * so that an old queued delete arriving late never undoes a newer restore.
 *
 * <p>Every merged write is remembered per field and device ({@link Register#seen}), and every
 * merged delete per device ({@link Replica#deletesSeen}), by the stamps as sent, so merging a
 * change a second time changes nothing and records nothing: a register's stamp is the latest of
 * everything merged into it, so a write it has seen can never win again either.
 *
 * <p>Stamps are taken as given: clamping a device's clock is {@link HybridLogicalClock#receive}'s
 * job before the change gets here.
 */
public final class SyncMerge {
    private SyncMerge() {
    }

    /**
     * @param newVersion the server version this merge is written at, if it changes anything
     */
    public static <F, V> MergeResult<F, V> merge(Replica<F, V> current, Change<F, V> change, long newVersion) {
        Map<F, Register<V>> fields = new HashMap<>(current.fields());
        List<Conflict<F, V>> conflicts = new ArrayList<>();
        Map<F, Write<V>> unseen = new LinkedHashMap<>();
        boolean changed = false;

        for (Map.Entry<F, Write<V>> entry : change.writes().entrySet()) {
            F field = entry.getKey();
            Write<V> write = entry.getValue();
            Register<V> existing = fields.get(field);
            // The stamp as sent: a clamped write sent again must be recognised, not clamped anew (7.12).
            if (existing != null && existing.hasSeen(write.sent())) continue;
            unseen.put(field, new Write<>(write.value(), write.stamp()));
            changed = true;
            if (existing == null) {
                fields.put(field, new Register<>(write.value(), write.stamp(), newVersion, Map.of(write.sent().device(), write.sent())));
            } else if (write.stamp().isAfter(existing.stamp())) {
                if (!existing.sameValue(write.value()) && existing.changedAtVersion() > change.baseVersion()
                        && !ownWrite(existing, write)) {
                    conflicts.add(new Conflict.FieldConflict<>(field, existing.value(), existing.stamp(),
                            write.value(), write.stamp()));
                }
                fields.put(field, existing.overwrittenBy(write.value(), write.stamp(), write.sent(), newVersion));
            } else {
                if (!existing.sameValue(write.value()) && !ownWrite(existing, write)) {
                    conflicts.add(new Conflict.FieldConflict<>(field, existing.value(), existing.stamp(),
                            write.value(), write.stamp()));
                }
                fields.put(field, existing.remembering(write.sent()));
            }
        }

        Optional<Tombstone> tombstone = current.tombstone();
        Optional<Hlc> restored = current.restored();
        Map<DeviceId, Hlc> deletesSeen = current.deletesSeen();
        if (tombstone.isPresent() && !unseen.isEmpty()) {
            conflicts.add(new Conflict.DeleteConflict<>(tombstone.get().stamp(), unseen));
        }
        // The stamp as sent: a clamped delete sent again must be recognised, not clamped anew (7.12).
        if (change.delete().isPresent() && !current.hasSeenDelete(change.deleteSent().get())) {
            deletesSeen = Register.withSeen(deletesSeen, change.deleteSent().get());
            changed = true;
            Hlc deleteStamp = change.delete().get();
            boolean beforeRestore = restored.isPresent() && !deleteStamp.isAfter(restored.get());
            if (tombstone.isEmpty() && beforeRestore) {
                // Older than the restore: the user brought the entity back after it; nothing to do.
            } else if (tombstone.isEmpty()) {
                Map<F, Write<V>> unseenEdits = new LinkedHashMap<>();
                current.fields().forEach((field, register) -> {
                    // The deleting device saw its own writes (an offline create, then delete: no conflict).
                    if (register.changedAtVersion() > change.baseVersion() && !register.stamp().device().equals(deleteStamp.device())) {
                        unseenEdits.put(field, new Write<>(register.value(), register.stamp()));
                    }
                });
                if (!unseenEdits.isEmpty()) {
                    conflicts.add(new Conflict.DeleteConflict<>(deleteStamp, unseenEdits));
                }
                tombstone = Optional.of(new Tombstone(deleteStamp));
                restored = Optional.empty();
            } else if (deleteStamp.isAfter(tombstone.get().stamp())) {
                // Two deletes: keep the later stamp so every replica ends with the same tombstone.
                tombstone = Optional.of(new Tombstone(deleteStamp));
            }
        }
        return new MergeResult<>(new Replica<>(fields, tombstone, restored, deletesSeen), changed, conflicts);
    }

    /**
     * A register last written by the device that sends this write: the device saw that value
     * (its own earlier write), whatever base version it sent, so replacing it loses nothing (7.2).
     */
    private static <V> boolean ownWrite(Register<V> existing, Write<V> write) {
        return existing.stamp().device().equals(write.stamp().device());
    }
}
