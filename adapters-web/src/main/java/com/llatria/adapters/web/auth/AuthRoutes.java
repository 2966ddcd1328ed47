package com.llatria.adapters.web.auth;

import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.RequestContext;
import com.llatria.application.InvalidInput;
import com.llatria.application.auth.Authentication;
import com.llatria.application.auth.ProfileChange;
import com.llatria.application.auth.Session;
import com.llatria.domain.user.SessionsEnded;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserName;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * /api/auth. The refresh token goes out twice: as an httpOnly cookie for browsers and in the
 * body for the desktop and phone apps, which handle cookies poorly. It comes back either way.
 */
public final class AuthRoutes {
    public static final String REFRESH_COOKIE = "llatria_refresh";
    private static final String COOKIE_PATH = "/api/auth";

    private final Authentication auth;
    private final JwtAccessTokens accessTokens;
    private final Clock clock;
    private final Consumer<SessionsEnded> sessionsEnded;

    /**
     * {@code sessionsEnded}: told (after it committed) that an account was deactivated or its
     * password changed, to end those sessions on every instance and close their live sockets.
     */
    public AuthRoutes(Authentication auth, JwtAccessTokens accessTokens, Clock clock, Consumer<SessionsEnded> sessionsEnded) {
        this.auth = auth;
        this.accessTokens = accessTokens;
        this.clock = clock;
        this.sessionsEnded = sessionsEnded;
    }

    record Credentials(String email, String password) {
    }

    record Registration(String email, String password, String name) {
    }

    /** PUT and PATCH /me: what GET /me shows; only the name can change, the rest may be echoed back. */
    record ProfileJson(String id, String email, String name, Instant createdAt, Instant updatedAt, Instant lastLogin,
                       Boolean isActive) {
    }

    record Deactivation(String password) {
    }

    record RefreshRequest(String refreshToken) {
    }

    record PasswordChange(String currentPassword, String newPassword) {
    }

    record UserJson(String id, String email, String name, Instant createdAt, Instant updatedAt, Instant lastLogin,
                    boolean isActive) {
        static UserJson from(User user) {
            return new UserJson(user.id().toString(), user.email().value(), user.name().map(UserName::value).orElse(null),
                    user.createdAt(), user.updatedAt(), user.lastLogin().orElse(null), user.active());
        }
    }

    record SessionJson(UserJson user, String accessToken, String tokenType, long expiresIn, String refreshToken,
                       Instant refreshExpiresAt) {
    }

    public void register(Context ctx) {
        Registration body = Json.read(ctx, Registration.class);
        respond(ctx, 201, auth.register(body.email(), body.password(), body.name()));
    }

    public void login(Context ctx) {
        Credentials body = Json.read(ctx, Credentials.class);
        respond(ctx, 200, auth.login(body.email(), body.password()));
    }

    public void refresh(Context ctx) {
        respond(ctx, 200, auth.refresh(presentedRefreshToken(ctx)));
    }

    public void logout(Context ctx) {
        auth.logout(presentedRefreshToken(ctx));
        ctx.header("Set-Cookie", cookie("", 0));
        ctx.status(204);
    }

    public void me(Context ctx, RequestContext request) {
        Json.respond(ctx, 200, UserJson.from(auth.me(request.user())));
    }

    /** PUT: the whole profile, so the name must be there (null removes it). */
    public void replaceProfile(Context ctx, RequestContext request) {
        ProfileJson body = Json.read(ctx, ProfileJson.class);
        if (!Json.has(ctx, "name")) throw InvalidInput.of("name", "is required (null removes the name; PATCH changes only what it sends)");
        Json.respond(ctx, 200, UserJson.from(auth.updateProfile(request.user(), change(body, true))));
    }

    /** PATCH (JSON merge patch, RFC 7396): what is absent stays as it is. */
    public void patchProfile(Context ctx, RequestContext request) {
        ProfileJson body = Json.read(ctx, ProfileJson.class);
        Json.respond(ctx, 200, UserJson.from(auth.updateProfile(request.user(), change(body, Json.has(ctx, "name")))));
    }

    /** DELETE /me with {password}: deactivates the account and ends every session. */
    public void deactivate(Context ctx, RequestContext request) {
        Deactivation body = Json.read(ctx, Deactivation.class);
        auth.deactivate(request.user(), body.password());
        sessionsEnded.accept(new SessionsEnded.Deactivated(request.user()));
        ctx.header("Set-Cookie", cookie("", 0));
        ctx.status(204);
    }

    private static ProfileChange change(ProfileJson body, boolean changesName) {
        return new ProfileChange(changesName, body.name(), Optional.ofNullable(body.id()), Optional.ofNullable(body.email()),
                Optional.ofNullable(body.isActive()));
    }

    /**
     * POST /password: the answer is the caller's new session (of the new epoch); every other
     * session ends, and so do this caller's old access token and its open /sync socket (closed
     * with 4401 like the others): it goes on with the tokens in this answer.
     */
    public void changePassword(Context ctx, RequestContext request) {
        PasswordChange body = Json.read(ctx, PasswordChange.class);
        Session session = auth.changePassword(request.user(), body.currentPassword(), body.newPassword());
        sessionsEnded.accept(new SessionsEnded.Before(request.user(), session.user().sessionEpoch()));
        respond(ctx, 200, session);
    }

    /** From the JSON body when there is one, else from the cookie. */
    private static String presentedRefreshToken(Context ctx) {
        if (!ctx.body().isBlank()) {
            return Json.read(ctx, RefreshRequest.class).refreshToken();
        }
        return ctx.cookie(REFRESH_COOKIE);
    }

    private void respond(Context ctx, int status, Session session) {
        JwtAccessTokens.Issued access = accessTokens.issue(session.user().id(), session.user().sessionEpoch());
        long maxAge = Math.max(0, Duration.between(clock.instant(), session.refreshExpiresAt()).toSeconds());
        ctx.header("Set-Cookie", cookie(session.refreshToken(), maxAge));
        ctx.header("Cache-Control", "no-store");
        Json.respond(ctx, status, new SessionJson(UserJson.from(session.user()), access.token(), "Bearer",
                access.expiresInSeconds(), session.refreshToken(), session.refreshExpiresAt()));
    }

    private static String cookie(String value, long maxAgeSeconds) {
        return REFRESH_COOKIE + "=" + value + "; Max-Age=" + maxAgeSeconds + "; Path=" + COOKIE_PATH
                + "; HttpOnly; Secure; SameSite=Strict";
    }
}
