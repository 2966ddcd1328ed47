package com.llatria.adapters.web.auth;

import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.RequestContext;
import com.llatria.application.auth.Authentication;
import com.llatria.application.auth.Session;
import com.llatria.domain.user.User;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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

    public AuthRoutes(Authentication auth, JwtAccessTokens accessTokens, Clock clock) {
        this.auth = auth;
        this.accessTokens = accessTokens;
        this.clock = clock;
    }

    record Credentials(String email, String password) {
    }

    record RefreshRequest(String refreshToken) {
    }

    record PasswordChange(String currentPassword, String newPassword) {
    }

    record UserJson(String id, String email, Instant createdAt) {
        static UserJson from(User user) {
            return new UserJson(user.id().toString(), user.email().value(), user.createdAt());
        }
    }

    record SessionJson(UserJson user, String accessToken, String tokenType, long expiresIn, String refreshToken,
                       Instant refreshExpiresAt) {
    }

    public void register(Context ctx) {
        Credentials body = Json.read(ctx, Credentials.class);
        respond(ctx, 201, auth.register(body.email(), body.password()));
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

    public void changePassword(Context ctx, RequestContext request) {
        PasswordChange body = Json.read(ctx, PasswordChange.class);
        respond(ctx, 200, auth.changePassword(request.user(), body.currentPassword(), body.newPassword()));
    }

    /** From the JSON body when there is one, else from the cookie. */
    private static String presentedRefreshToken(Context ctx) {
        if (!ctx.body().isBlank()) {
            return Json.read(ctx, RefreshRequest.class).refreshToken();
        }
        return ctx.cookie(REFRESH_COOKIE);
    }

    private void respond(Context ctx, int status, Session session) {
        JwtAccessTokens.Issued access = accessTokens.issue(session.user().id());
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
