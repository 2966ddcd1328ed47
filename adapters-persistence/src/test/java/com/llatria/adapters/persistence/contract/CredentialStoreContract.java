package com.llatria.adapters.persistence.contract;

import com.llatria.domain.posting.ConsentRequest;
import com.llatria.domain.posting.CredentialStatus;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PlatformCredential;
import com.llatria.domain.posting.SealedSecret;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class CredentialStoreContract extends PersistenceContract {
    static final Instant T = Instant.parse("2026-11-25T10:00:00.123456Z");

    @Test
    void a_credential_goes_from_settings_to_connected_to_needing_reconnection_and_back_to_settings() {
        UserId ann = aUser();
        PlatformCredential settings = PlatformCredential.settingsOnly(ann, Platform.EBAY, Map.of("paymentPolicyId", "1"), T);
        persistence.credentials().save(settings);
        assertThat(persistence.credentials().find(ann, Platform.EBAY)).contains(settings);

        PlatformCredential connected = settings.connected(Optional.of("ann_seller"), List.of("scope.a", "scope.b"),
                new SealedSecret("k1", "c2VhbGVk"), T.plusSeconds(7200), Optional.of(new SealedSecret("k1", "cmVmcmVzaA==")),
                Optional.of(T.plusSeconds(47304000)), T);
        persistence.credentials().save(connected);
        assertThat(persistence.credentials().find(ann, Platform.EBAY)).contains(connected);

        PlatformCredential broken = connected.needsReconnection("eBay refused the refresh token", T);
        persistence.credentials().save(broken);
        assertThat(inTx(() -> persistence.credentials().lock(ann, Platform.EBAY))).contains(broken);
        assertThat(broken.status()).isEqualTo(CredentialStatus.NEEDS_RECONNECTION);

        PlatformCredential gone = broken.disconnected(T);
        persistence.credentials().save(gone);
        assertThat(persistence.credentials().find(ann, Platform.EBAY)).contains(gone);
        assertThat(gone.accessToken()).isEmpty();
        assertThat(gone.settings()).containsEntry("paymentPolicyId", "1");
    }

    @Test
    void each_owner_sees_only_their_own() {
        UserId ann = aUser();
        UserId bob = aUser();
        persistence.credentials().save(PlatformCredential.settingsOnly(ann, Platform.EBAY, Map.of(), T));
        persistence.credentials().save(PlatformCredential.settingsOnly(ann, Platform.FACEBOOK, Map.of("catalogId", "9"), T));

        assertThat(persistence.credentials().list(ann)).extracting(PlatformCredential::platform).containsExactly(Platform.EBAY, Platform.FACEBOOK);
        assertThat(persistence.credentials().list(bob)).isEmpty();
        assertThat(persistence.credentials().find(bob, Platform.EBAY)).isEmpty();
    }

    @Test
    void a_consent_is_taken_once_and_not_after_it_expires() {
        UserId ann = aUser();
        inTx(() -> saveConsent(new ConsentRequest("hash-1", ann, Platform.EBAY, T.plusSeconds(600), Optional.of("binding-1")), 10, T));
        inTx(() -> saveConsent(new ConsentRequest("hash-2", ann, Platform.FACEBOOK, T.plusSeconds(600), Optional.empty()), 10, T));

        assertThat(inTx(() -> persistence.credentials().takeConsent("hash-1", T))).get()
                .extracting(ConsentRequest::owner, ConsentRequest::platform, ConsentRequest::bindingHash)
                .containsExactly(ann, Platform.EBAY, Optional.of("binding-1"));
        assertThat(inTx(() -> persistence.credentials().takeConsent("hash-1", T))).isEmpty();
        assertThat(inTx(() -> persistence.credentials().takeConsent("hash-2", T.plusSeconds(601)))).isEmpty();
    }

    @Test
    void an_owners_pending_consents_are_bounded_the_oldest_dropped_and_expired_ones_gone() {
        UserId ann = aUser();
        UserId bob = aUser();
        inTx(() -> saveConsent(new ConsentRequest("bob-1", bob, Platform.EBAY, T.plusSeconds(600), Optional.empty()), 3, T));
        inTx(() -> saveConsent(new ConsentRequest("ann-old", ann, Platform.EBAY, T.minusSeconds(1), Optional.empty()), 3, T.minusSeconds(601)));
        for (int i = 1; i <= 5; i++) {
            int n = i;
            inTx(() -> saveConsent(new ConsentRequest("ann-" + n, ann, Platform.EBAY, T.plusSeconds(600 + n), Optional.empty()), 3, T.plusSeconds(n)));
        }

        assertThat(inTx(() -> persistence.credentials().takeConsent("ann-old", T.minusSeconds(2)))).as("expired: dropped").isEmpty();
        assertThat(inTx(() -> persistence.credentials().takeConsent("ann-1", T))).as("oldest: dropped").isEmpty();
        assertThat(inTx(() -> persistence.credentials().takeConsent("ann-2", T))).as("oldest: dropped").isEmpty();
        for (String kept : List.of("ann-3", "ann-4", "ann-5", "bob-1")) {
            assertThat(inTx(() -> persistence.credentials().takeConsent(kept, T))).as(kept).isPresent();
        }
    }

    Object saveConsent(ConsentRequest consent, int keep, Instant now) {
        persistence.credentials().saveConsent(consent, keep, now);
        return null;
    }

    <R> R inTx(java.util.function.Supplier<R> work) {
        return persistence.transactions().inTransaction(work);
    }
}
