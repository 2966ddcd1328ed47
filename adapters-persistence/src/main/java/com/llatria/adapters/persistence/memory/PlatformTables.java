package com.llatria.adapters.persistence.memory;

import com.llatria.domain.posting.ConsentRequest;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformCredential;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.SaleCheck;
import com.llatria.domain.user.UserId;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The in-memory store's platform tables: credentials, consents, postings, sale checks and their job leases. */
final class PlatformTables {
    record CredentialKey(UserId owner, Platform platform) {
    }

    record Lease(String worker, Instant until) {
    }

    record SaleLineKey(UserId owner, Platform platform, String orderId, String lineId) {
    }

    Map<CredentialKey, PlatformCredential> credentials = new HashMap<>();
    Map<String, ConsentRequest> consents = new HashMap<>();
    Map<PostingId, PlatformPosting> postings = new HashMap<>();
    Map<PostingId, Lease> leases = new HashMap<>();
    Map<CredentialKey, SaleCheck> saleChecks = new HashMap<>();
    Map<CredentialKey, Lease> saleLeases = new HashMap<>();
    Map<SaleLineKey, Instant> saleLines = new HashMap<>();

    PlatformTables copy() {
        PlatformTables c = new PlatformTables();
        c.credentials = new HashMap<>(credentials);
        c.consents = new HashMap<>(consents);
        c.postings = new HashMap<>(postings);
        c.leases = new HashMap<>(leases);
        c.saleChecks = new HashMap<>(saleChecks);
        c.saleLeases = new HashMap<>(saleLeases);
        c.saleLines = new HashMap<>(saleLines);
        return c;
    }
}
