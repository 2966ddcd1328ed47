package com.llatria.domain.posting;

import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A seller's connection to one platform: tokens (sealed, never plain), what they allow, and the
 * settings the platform needs that OAuth does not give (eBay business policies and location, a
 * Meta catalog id). {@code problem} says why a connection needs renewing.
 */
public record PlatformCredential(UserId owner, Platform platform, CredentialStatus status, Optional<String> account,
                                 List<String> scopes, Optional<SealedSecret> accessToken, Optional<Instant> accessExpiresAt,
                                 Optional<SealedSecret> refreshToken, Optional<Instant> refreshExpiresAt,
                                 Map<String, String> settings, Optional<String> problem, Instant updatedAt) {
    public PlatformCredential {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(account, "account");
        scopes = List.copyOf(scopes);
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(refreshExpiresAt, "refreshExpiresAt");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (status == CredentialStatus.CONNECTED && accessToken.isEmpty()) {
            throw new IllegalArgumentException("a connected account has an access token");
        }
    }

    public static PlatformCredential settingsOnly(UserId owner, Platform platform, Map<String, String> settings, Instant at) {
        return new PlatformCredential(owner, platform, CredentialStatus.NOT_CONNECTED, Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), settings, Optional.empty(), at);
    }

    public PlatformCredential connected(Optional<String> newAccount, List<String> newScopes, SealedSecret access,
                                        Instant accessExpires, Optional<SealedSecret> refresh, Optional<Instant> refreshExpires,
                                        Instant at) {
        return new PlatformCredential(owner, platform, CredentialStatus.CONNECTED, newAccount.or(() -> account), newScopes,
                Optional.of(access), Optional.of(accessExpires), refresh, refreshExpires, settings, Optional.empty(), at);
    }

    public PlatformCredential refreshed(SealedSecret access, Instant accessExpires, Optional<SealedSecret> newRefresh,
                                        Optional<Instant> newRefreshExpires, Instant at) {
        return new PlatformCredential(owner, platform, CredentialStatus.CONNECTED, account, scopes, Optional.of(access),
                Optional.of(accessExpires), newRefresh.or(() -> refreshToken), newRefreshExpires.or(() -> refreshExpiresAt),
                settings, Optional.empty(), at);
    }

    public PlatformCredential needsReconnection(String why, Instant at) {
        return new PlatformCredential(owner, platform, CredentialStatus.NEEDS_RECONNECTION, account, scopes, accessToken,
                accessExpiresAt, refreshToken, refreshExpiresAt, settings, Optional.of(why), at);
    }

    /** Tokens gone, settings kept (a later connect needs them again). */
    public PlatformCredential disconnected(Instant at) {
        return new PlatformCredential(owner, platform, CredentialStatus.NOT_CONNECTED, Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), settings, Optional.empty(), at);
    }

    public PlatformCredential withSettings(Map<String, String> values, Instant at) {
        return new PlatformCredential(owner, platform, status, account, scopes, accessToken, accessExpiresAt, refreshToken,
                refreshExpiresAt, values, problem, at);
    }
}
