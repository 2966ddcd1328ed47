package com.llatria.domain.posting;

import java.util.Objects;

/**
 * A secret as stored: ciphertext and the id of the key that sealed it, so keys can be rotated
 * (values sealed under an older key still open, and are sealed again under the current one on
 * their next write). {@link #toString()} never shows the ciphertext.
 */
public record SealedSecret(String keyId, String ciphertext) {
    public SealedSecret {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (keyId.isBlank() || keyId.length() > 32) throw new IllegalArgumentException("keyId must be 1-32 characters");
    }

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + "]";
    }
}
