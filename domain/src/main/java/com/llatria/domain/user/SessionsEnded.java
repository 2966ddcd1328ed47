package com.llatria.domain.user;

import java.util.Objects;

/**
 * Some or all of a user's sessions ended: every instance of the server must stop honouring
 * their access tokens and close their live connections.
 */
public sealed interface SessionsEnded {
    UserId user();

    /** Whether a session (or access token) begun in {@code sessionEpoch} is among those ended. */
    boolean ends(long sessionEpoch);

    /** The account was deactivated: every session, whatever its epoch. */
    record Deactivated(UserId user) implements SessionsEnded {
        public Deactivated {
            Objects.requireNonNull(user, "user");
        }

        @Override
        public boolean ends(long sessionEpoch) {
            return true;
        }
    }

    /**
     * The password changed: every session begun before {@code epoch} (the device that changed
     * it was handed a session of {@code epoch} in the same answer).
     */
    record Before(UserId user, long epoch) implements SessionsEnded {
        public Before {
            Objects.requireNonNull(user, "user");
        }

        @Override
        public boolean ends(long sessionEpoch) {
            return sessionEpoch < epoch;
        }
    }
}
