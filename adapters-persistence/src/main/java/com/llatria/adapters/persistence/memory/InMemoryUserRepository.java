package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.UserRepository;
import com.llatria.domain.user.Email;
import com.llatria.domain.user.User;
import com.llatria.domain.user.UserId;

import java.util.Optional;

public final class InMemoryUserRepository implements UserRepository {
    private final InMemoryStore store;

    public InMemoryUserRepository(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public Optional<User> find(UserId id) {
        return store.locked(() -> Optional.ofNullable(store.users.get(id)));
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return store.locked(() -> store.users.values().stream().filter(u -> u.email().equals(email)).findFirst());
    }

    /** The store's lock, held by the surrounding in-memory transaction, already serialises every caller. */
    @Override
    public Optional<User> lock(UserId id) {
        return find(id);
    }

    @Override
    public boolean insert(User user) {
        return store.locked(() -> {
            boolean taken = store.users.containsKey(user.id())
                    || store.users.values().stream().anyMatch(u -> u.email().equals(user.email()));
            if (taken) return false;
            store.users.put(user.id(), user);
            store.versions.put(user.id(), 0L);
            return true;
        });
    }

    @Override
    public void update(User user) {
        store.locked(() -> {
            store.users.computeIfPresent(user.id(), (id, old) -> new User(old.id(), old.email(), user.name(), user.passwordHash(),
                    old.createdAt(), user.updatedAt(), user.lastLogin(), user.active(), user.sessionEpoch()));
        });
    }
}
