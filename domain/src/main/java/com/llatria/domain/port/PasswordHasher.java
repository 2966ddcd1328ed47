package com.llatria.domain.port;

/** One-way password hashing. */
public interface PasswordHasher {
    /** The hash of a password that {@link com.llatria.domain.user.Password#problem} accepts. */
    String hash(String password);

    /**
     * Whether {@code password} is the one {@code hash} was made from. Any string may be passed,
     * also one no valid password could be (too long): that is simply false, and it costs as much
     * as a wrong password, so a failure's timing tells nothing.
     */
    boolean matches(String password, String hash);
}
