package com.llatria.adapters.crypto.bcrypt;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.llatria.domain.port.PasswordHasher;
import com.llatria.domain.user.Password;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** bcrypt with a cost of at least 10. */
public final class BcryptPasswordHasher implements PasswordHasher {
    public static final int MIN_COST = 10;
    private final int cost;

    public BcryptPasswordHasher(int cost) {
        if (cost < MIN_COST || cost > 31) throw new IllegalArgumentException("bcrypt cost must be 10-31");
        this.cost = cost;
    }

    /** Passwords over 72 bytes never get here: the domain refuses them (bcrypt would ignore the rest). */
    @Override
    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    @Override
    public boolean matches(String password, String hash) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        // The library throws on more than 72 bytes. No stored password is that long, so the answer is
        // "no"; the first 72 bytes are still checked so that saying it costs as long as any wrong password.
        boolean tooLong = bytes.length > Password.MAX_BYTES;
        byte[] candidate = tooLong ? Arrays.copyOf(bytes, Password.MAX_BYTES) : bytes;
        boolean verified = BCrypt.verifyer().verify(candidate, hash.getBytes(StandardCharsets.UTF_8)).verified;
        return verified && !tooLong;
    }
}
