package com.llatria.domain.port;

import com.llatria.domain.posting.GrantResult;
import com.llatria.domain.posting.Platform;

import java.net.URI;
import java.util.List;

/** One platform's OAuth: where the seller consents, and the token endpoint. */
public interface PlatformAuthorization {
    Platform platform();

    /** The consent page to send the seller to, carrying {@code state} back to our callback. */
    URI consentUrl(String state);

    /** Exchanges the code from the callback for tokens (Meta: then for a long-lived token). */
    GrantResult exchange(String code);

    /** A new access token from the refresh token; platforms without refresh tokens answer Refused. */
    GrantResult refresh(String refreshToken, List<String> scopes);
}
