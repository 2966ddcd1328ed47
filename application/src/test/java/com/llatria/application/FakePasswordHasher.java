package com.llatria.application;

import com.llatria.domain.port.PasswordHasher;

/**
 * A stand-in for bcrypt in use-case tests: fast and deterministic, and still one-way enough
 * that a test cannot pass by comparing a password with its hash. bcrypt itself is tested in adapters-crypto.
 */
public final class FakePasswordHasher implements PasswordHasher {
    @Override
    public String hash(String password) {
        return "fake$" + Integer.toHexString(password.hashCode()) + "$" + password.length();
    }

    @Override
    public boolean matches(String password, String hash) {
        return hash(password).equals(hash);
    }
}
