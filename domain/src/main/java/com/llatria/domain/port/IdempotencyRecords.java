package com.llatria.domain.port;

import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What became of each request sent with an Idempotency-Key, per user and key: claimed by the
 * request running it, then its response. A claim is atomic across every server on the store.
 */
public interface IdempotencyRecords {
    /**
     * Claims {@code key} for a request with {@code fingerprint}, unless a record holds it: the key
     * is free when it has no record, its record was created before {@code expiredBefore}, or its
     * request (same fingerprint) was abandoned: claimed and not answered by {@code now}.
     */
    Claim claim(Key key, String fingerprint, ClaimToken token, Instant now, Instant lockedUntil, Instant expiredBefore);

    /** Stores the answer of the request holding {@code token}; false when it no longer holds the key. */
    boolean complete(Key key, ClaimToken token, StoredResponse response);

    /** Frees the key held by {@code token}, so a retry runs the request again (a failure worth retrying). */
    void release(Key key, ClaimToken token);

    /**
     * Extends to {@code lockedUntil} the claims still held by their tokens and not yet answered
     * (the requests still running on this server); returns the tokens renewed.
     */
    java.util.Set<ClaimToken> renew(java.util.Collection<Held> claims, Instant lockedUntil);

    /**
     * Deletes {@code user}'s oldest answered records beyond the newest {@code maxRecords}, or
     * beyond {@code maxBytes} of bodies counted newest first; never a claim still running. How many went.
     */
    int trim(UserId user, int maxRecords, long maxBytes);

    /** Deletes the records created before {@code cutoff}; how many went. */
    int purgeCreatedBefore(Instant cutoff);

    /** One user's key: another user's identical key is another record. */
    record Key(UserId user, String value) {
        public Key {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A claim as the request holding it knows it. */
    record Held(Key key, ClaimToken token) {
        public Held {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(token, "token");
        }
    }

    /** Which running request holds a claim. */
    record ClaimToken(UUID value) {
        public ClaimToken {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A response as it is replayed: status, the headers that matter, and the body. */
    record StoredResponse(int status, Map<String, String> headers, byte[] body) {
        public StoredResponse {
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StoredResponse r && r.status == status && r.headers.equals(headers) && Arrays.equals(r.body, body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, headers, Arrays.hashCode(body));
        }
    }

    /** What a claim found. */
    sealed interface Claim {
        /** The key is this request's to run. */
        record Claimed() implements Claim {
        }

        /** The same request was answered: replay this. */
        record Completed(StoredResponse response) implements Claim {
        }

        /** The same request is running now; its claim ends at {@code lockedUntil} unless renewed. */
        record InProgress(Instant lockedUntil) implements Claim {
            public InProgress {
                Objects.requireNonNull(lockedUntil, "lockedUntil");
            }
        }

        /** The key was used for another request (another method, path or body). */
        record Mismatch() implements Claim {
        }
    }
}
