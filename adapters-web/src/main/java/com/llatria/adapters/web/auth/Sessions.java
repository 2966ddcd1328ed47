package com.llatria.adapters.web.auth;

import com.llatria.domain.user.UserId;

/**
 * Whether a genuine access token's session still holds: the account exists and is active, and
 * its password has not changed since the session of {@code epoch} began (a genuine token outlives
 * both until it expires). Answered from a cache: cheap enough for every request.
 */
@FunctionalInterface
public interface Sessions {
    boolean isCurrent(UserId user, long epoch);
}
