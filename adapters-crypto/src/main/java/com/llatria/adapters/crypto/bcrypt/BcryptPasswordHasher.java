package com.llatria.adapters.crypto.bcrypt;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.llatria.domain.port.PasswordHasher;

import java.nio.charset.StandardCharsets;

/** bcrypt with a cost of at least 10. Passwords over 72 bytes never get here: the domain refuses them. */
public final class BcryptPasswordHasher implements PasswordHasher {
    public static final int MIN_COST = 10;
    private final int cost;

    public BcryptPasswordHasher(int cost) {
        if (cost < MIN_COST || cost > 31) throw new IllegalArgumentException("bcrypt cost must be 10-31");
        this.cost = cost;
    }

    @Override
    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    @Override
    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
