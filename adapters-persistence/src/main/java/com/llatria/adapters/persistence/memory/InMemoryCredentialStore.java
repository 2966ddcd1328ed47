package com.llatria.adapters.persistence.memory;

import com.llatria.domain.port.CredentialStore;
import com.llatria.domain.posting.ConsentRequest;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformCredential;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

public final class InMemoryCredentialStore implements CredentialStore {
    private final InMemoryStore store;

    public InMemoryCredentialStore(InMemoryStore store) {
        this.store = store;
    }

    @Override
    public Optional<PlatformCredential> find(UserId owner, Platform platform) {
        return store.locked(() -> Optional.ofNullable(store.platforms.credentials.get(new PlatformTables.CredentialKey(owner, platform))));
    }

    @Override
    public Optional<PlatformCredential> lock(UserId owner, Platform platform) {
        return find(owner, platform); // a transaction here holds the store's one lock throughout
    }

    @Override
    public List<PlatformCredential> list(UserId owner) {
        return store.locked(() -> store.platforms.credentials.values().stream().filter(c -> c.owner().equals(owner))
                .sorted(Comparator.comparing(PlatformCredential::platform)).toList());
    }

    @Override
    public void save(PlatformCredential credential) {
        store.locked(() -> {
            store.platforms.credentials.put(new PlatformTables.CredentialKey(credential.owner(), credential.platform()), credential);
        });
    }

    @Override
    public void saveConsent(ConsentRequest consent, int keepPerOwner, Instant now) {
        store.locked(() -> {
            store.platforms.consents.values().removeIf(c -> c.expiresAt().isBefore(now));
            store.platforms.consents.put(consent.stateHash(), consent);
            List<ConsentRequest> oldestFirst = store.platforms.consents.values().stream()
                    .filter(c -> c.owner().equals(consent.owner()))
                    .sorted(Comparator.comparing(ConsentRequest::expiresAt).thenComparing(ConsentRequest::stateHash)).toList();
            oldestFirst.subList(0, Math.max(0, oldestFirst.size() - keepPerOwner))
                    .forEach(c -> store.platforms.consents.remove(c.stateHash()));
        });
    }

    @Override
    public Optional<ConsentRequest> takeConsent(String stateHash, Instant now) {
        return store.locked(() -> {
            store.platforms.consents.values().removeIf(c -> c.expiresAt().isBefore(now));
            return Optional.ofNullable(store.platforms.consents.remove(stateHash));
        });
    }
}
