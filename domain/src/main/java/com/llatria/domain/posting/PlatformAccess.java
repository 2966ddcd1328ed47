package com.llatria.domain.posting;

import java.util.Map;
import java.util.Objects;

/** What a publisher needs to act for a seller: a working access token and the account's settings. */
public record PlatformAccess(String accessToken, Map<String, String> settings) {
    public PlatformAccess {
        Objects.requireNonNull(accessToken, "accessToken");
        settings = Map.copyOf(settings);
    }

    @Override
    public String toString() {
        return "PlatformAccess[settings=" + settings + "]";
    }
}
