package com.llatria.domain.port;

import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;

import java.util.Optional;

public interface UserRepository {
    Optional<User> find(UserId id);

    Optional<User> findByEmail(Email email);

    /**
     * The user, held until the surrounding transaction ends: concurrent callers of lock for the
     * same user wait, so a read-modify-{@link #update} cannot lose another one. Call it inside
     * {@link Transactions#inTransaction}.
     */
    Optional<User> lock(UserId id);

    /** Stores a new user; false, and nothing stored, when the email (or the id) is taken. */
    boolean insert(User user);

    /** Stores every field of an existing user except its id, email and createdAt. */
    void update(User user);
}
