package com.llatria.domain.port;

import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;

import java.util.Optional;

public interface UserRepository {
    Optional<User> find(UserId id);

    Optional<User> findByEmail(Email email);

    /** Stores a new user; false, and nothing stored, when the email is taken. */
    boolean insert(User user);

    void update(User user);
}
