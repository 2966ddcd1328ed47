package com.llatria.domain.port;

/**
 * Fingerprints of the secrets that every server on one database must share (never the secrets
 * themselves), so that a server started with a different one can refuse to run instead of
 * damaging what the others stored.
 */
public interface SharedSecrets {
    /** The fingerprint recorded under {@code name}, recording {@code fingerprint} first if there is none. */
    String recordIfAbsent(String name, String fingerprint);

    /** Records {@code fingerprint} under {@code name} in place of what was there (a key rotation). */
    void replace(String name, String fingerprint);
}
