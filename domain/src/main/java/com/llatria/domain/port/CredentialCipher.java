package com.llatria.domain.port;

import com.llatria.domain.posting.SealedSecret;

/**
 * Seals secrets for storage. {@code context} names where the value belongs (user, platform,
 * which token), so a sealed value copied into another row does not open.
 */
public interface CredentialCipher {
    SealedSecret seal(String plaintext, String context);

    /** @throws IllegalStateException when the key is unknown or the value was tampered with */
    String open(SealedSecret sealed, String context);

    /** The key id new values are sealed under. */
    String currentKeyId();
}
