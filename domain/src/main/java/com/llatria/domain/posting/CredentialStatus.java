package com.llatria.domain.posting;

import java.util.Locale;

/** Whether our tokens for a seller's platform account work. */
public enum CredentialStatus {
    /** Settings saved, never connected (or disconnected): no tokens. */
    NOT_CONNECTED,
    CONNECTED,
    /** The platform refused to renew our access: the seller must connect again. */
    NEEDS_RECONNECTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
