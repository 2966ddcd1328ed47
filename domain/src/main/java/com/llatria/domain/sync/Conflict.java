package com.llatria.domain.sync;

import java.util.Map;
import java.util.Objects;

/**
 * A concurrent write that the merge had to decide against. Recorded so that the user can review
 * it and restore the losing value; nothing concurrent disappears without one.
 */
public sealed interface Conflict<F, V> {

    /**
     * Two devices wrote different values to the same field without seeing each other's write.
     * The later HLC stamp won; both values, stamps and devices are kept.
     */
    record FieldConflict<F, V>(F field, V serverValue, Hlc serverStamp, V incomingValue, Hlc incomingStamp)
            implements Conflict<F, V> {
        public FieldConflict {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(serverStamp, "serverStamp");
            Objects.requireNonNull(incomingStamp, "incomingStamp");
        }

        public DeviceId serverDevice() {
            return serverStamp.device();
        }

        public DeviceId incomingDevice() {
            return incomingStamp.device();
        }

        public boolean incomingWon() {
            return incomingStamp.isAfter(serverStamp);
        }

        /** The value the merge decided against. */
        public V losingValue() {
            return incomingWon() ? serverValue : incomingValue;
        }

        /**
         * Nothing is lost once the field holds the losing value again (another write set it):
         * the conflict is moot (finding 7.18).
         */
        public boolean mootWhen(V current) {
            return Objects.equals(losingValue(), current);
        }
    }

    /**
     * A delete met an edit it had not seen. The delete stays; the edit's values are carried here
     * so that the user can restore the item with them.
     */
    record DeleteConflict<F, V>(Hlc deleteStamp, Map<F, Write<V>> edits) implements Conflict<F, V> {
        public DeleteConflict {
            Objects.requireNonNull(deleteStamp, "deleteStamp");
            edits = Map.copyOf(edits);
        }
    }
}
