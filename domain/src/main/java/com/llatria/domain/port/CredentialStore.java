package com.llatria.domain.port;

import com.llatria.domain.posting.ConsentRequest;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformCredential;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sellers' platform connections (tokens already sealed) and the OAuth consents in progress. */
public interface CredentialStore {
    Optional<PlatformCredential> find(UserId owner, Platform platform);

    /** The same, locked until the transaction ends: one refresh at a time per account. Call inside a transaction. */
    Optional<PlatformCredential> lock(UserId owner, Platform platform);

    List<PlatformCredential> list(UserId owner);

    /** Inserts or replaces the owner's credential for its platform. */
    void save(PlatformCredential credential);

    /**
     * Stores a consent and bounds the owner's pending ones: expired ones and the oldest beyond
     * {@code keepPerOwner} (counting this one) are dropped, so no seller can grow the table.
     * Exact under concurrent calls for one owner. Call inside a transaction.
     */
    void saveConsent(ConsentRequest consent, int keepPerOwner, Instant now);

    /** The consent with this state hash, deleted as it is read (single use); expired ones are not returned. */
    Optional<ConsentRequest> takeConsent(String stateHash, Instant now);
}
