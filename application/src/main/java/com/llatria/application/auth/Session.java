package com.llatria.application.auth;

import com.llatria.domain.user.User;

import java.time.Instant;

/** A signed-in user and the raw refresh token to hand to the client (only its hash is stored). */
public record Session(User user, String refreshToken, Instant refreshExpiresAt) {
}
