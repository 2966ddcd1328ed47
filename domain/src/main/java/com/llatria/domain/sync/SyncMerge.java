package com.llatria.domain.sync;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * Merges a device's change into the server's replica of an entity.
 *
 * <p>Per field, the write with the later HLC stamp wins, whatever order changes arrive in, so
 * replicas that see the same changes converge. A conflict is recorded whenever a value is
 * discarded that the writer had not seen: an incoming write that loses, or a server value changed
 * after the change's base version that the incoming write overwrites. A delete is a tombstone that
 * no edit undoes; a delete meeting an unseen edit records the edit so it can be restored.
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
    public static <F> MergeResult<F> merge(Replica<F> current, Change<F> change, long newVersion) {
        Map<F, Register> fields = new HashMap<>(current.fields());
        List<Conflict<F>> conflicts = new ArrayList<>();
        boolean changed = false;

        for (Map.Entry<F, Write> entry : change.writes().entrySet()) {
            F field = entry.getKey();
            Write write = entry.getValue();
            Register existing = fields.get(field);
            if (existing == null || write.stamp().isAfter(existing.stamp())) {
                if (existing != null && !existing.sameValue(write.value())
                        && existing.changedAtVersion() > change.baseVersion()) {
                    conflicts.add(new Conflict.FieldConflict<>(field, existing.value(), existing.stamp(),
                            write.value(), write.stamp()));
                }
                fields.put(field, new Register(write.value(), write.stamp(), newVersion));
                changed = true;
            } else if (existing.stamp().isAfter(write.stamp()) && !existing.sameValue(write.value())) {
                conflicts.add(new Conflict.FieldConflict<>(field, existing.value(), existing.stamp(),
                        write.value(), write.stamp()));
            }
        }

        Optional<Tombstone> tombstone = current.tombstone();
        if (tombstone.isPresent() && !change.writes().isEmpty()) {
            conflicts.add(new Conflict.DeleteConflict<>(tombstone.get().stamp(), change.writes()));
        }
        if (change.delete().isPresent()) {
            Hlc deleteStamp = change.delete().get();
            if (tombstone.isEmpty()) {
                Map<F, Write> unseenEdits = new LinkedHashMap<>();
                current.fields().forEach((field, register) -> {
                    if (register.changedAtVersion() > change.baseVersion()) {
                        unseenEdits.put(field, new Write(register.value(), register.stamp()));
                    }
                });
                if (!unseenEdits.isEmpty()) {
                    conflicts.add(new Conflict.DeleteConflict<>(deleteStamp, unseenEdits));
                }
                tombstone = Optional.of(new Tombstone(deleteStamp));
                changed = true;
            } else if (deleteStamp.isAfter(tombstone.get().stamp())) {
                // Two deletes: keep the later stamp so every replica ends with the same tombstone.
                tombstone = Optional.of(new Tombstone(deleteStamp));
                changed = true;
            }
        }
        return new MergeResult<>(new Replica<>(fields, tombstone), changed, conflicts);
    }
}
