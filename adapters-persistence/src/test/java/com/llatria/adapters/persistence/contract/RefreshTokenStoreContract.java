package com.llatria.adapters.persistence.contract;

import com.llatria.domain.user.RefreshToken;
import com.llatria.domain.user.RefreshTokenId;
import com.llatria.domain.user.TokenFamilyId;
import com.llatria.domain.user.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class RefreshTokenStoreContract extends PersistenceContract {
    private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");

    private static TokenFamilyId aFamily() {
        return new TokenFamilyId(UUID.randomUUID());
    }

    private RefreshToken token(UserId user, TokenFamilyId family, String hash) {
        return new RefreshToken(new RefreshTokenId(UUID.randomUUID()), user, family, hash, NOW, NOW.plusSeconds(7 * 86400),
                Optional.empty(), Optional.empty());
    }

    @Test
    void a_saved_token_is_found_by_its_hash() {
        RefreshToken token = token(aUser(), aFamily(), "a".repeat(64));
        persistence.refreshTokens().save(token);

        assertThat(persistence.refreshTokens().findByHash("a".repeat(64))).contains(token);
        assertThat(persistence.refreshTokens().findByHash("b".repeat(64))).isEmpty();
    }

    @Test
    void a_token_can_be_marked_used_only_once() {
        RefreshToken token = token(aUser(), aFamily(), "a".repeat(64));
        persistence.refreshTokens().save(token);

        assertThat(persistence.refreshTokens().markUsed(token.id(), NOW)).isTrue();
        assertThat(persistence.refreshTokens().markUsed(token.id(), NOW.plusSeconds(1))).isFalse();
        assertThat(persistence.refreshTokens().findByHash(token.tokenHash()).orElseThrow().usedAt()).contains(NOW);
    }

    @Test
    void an_unknown_token_cannot_be_marked_used() {
        assertThat(persistence.refreshTokens().markUsed(new RefreshTokenId(UUID.randomUUID()), NOW)).isFalse();
    }

    @Test
    void revoking_keeps_when_a_token_was_used_and_the_first_revocation_time() {
        RefreshToken token = token(aUser(), aFamily(), "d".repeat(64));
        persistence.refreshTokens().save(token);
        persistence.refreshTokens().markUsed(token.id(), NOW);

        persistence.refreshTokens().revokeFamily(token.familyId(), NOW.plusSeconds(1));
        persistence.refreshTokens().revokeAll(token.userId(), NOW.plusSeconds(2));

        RefreshToken stored = persistence.refreshTokens().findByHash(token.tokenHash()).orElseThrow();
        assertThat(stored.usedAt()).contains(NOW);
        assertThat(stored.revokedAt()).contains(NOW.plusSeconds(1));
    }

    @Test
    void of_two_simultaneous_uses_exactly_one_wins() throws Exception {
        RefreshToken token = token(aUser(), aFamily(), "c".repeat(64));
        persistence.refreshTokens().save(token);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) attempts.add(() -> persistence.refreshTokens().markUsed(token.id(), NOW));
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts)) if (f.get()) winners++;
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revoking_a_family_revokes_its_tokens_only_and_they_can_no_longer_be_used() {
        UserId user = aUser();
        TokenFamilyId family = aFamily();
        RefreshToken first = token(user, family, "1".repeat(64));
        RefreshToken second = token(user, family, "2".repeat(64));
        RefreshToken otherDevice = token(user, aFamily(), "3".repeat(64));
        List.of(first, second, otherDevice).forEach(persistence.refreshTokens()::save);

        persistence.refreshTokens().revokeFamily(family, NOW);

        assertThat(persistence.refreshTokens().findByHash(first.tokenHash()).orElseThrow().revokedAt()).contains(NOW);
        assertThat(persistence.refreshTokens().findByHash(second.tokenHash()).orElseThrow().revokedAt()).contains(NOW);
        assertThat(persistence.refreshTokens().findByHash(otherDevice.tokenHash()).orElseThrow().revokedAt()).isEmpty();
        assertThat(persistence.refreshTokens().markUsed(second.id(), NOW)).isFalse();
    }

    @Test
    void revoking_all_of_a_users_tokens_leaves_other_users_alone() {
        UserId ann = aUser();
        UserId bob = aUser();
        persistence.refreshTokens().save(token(ann, aFamily(), "1".repeat(64)));
        persistence.refreshTokens().save(token(ann, aFamily(), "2".repeat(64)));
        persistence.refreshTokens().save(token(bob, aFamily(), "3".repeat(64)));

        persistence.refreshTokens().revokeAll(ann, NOW);

        assertThat(persistence.refreshTokens().findByHash("1".repeat(64)).orElseThrow().revokedAt()).isPresent();
        assertThat(persistence.refreshTokens().findByHash("2".repeat(64)).orElseThrow().revokedAt()).isPresent();
        assertThat(persistence.refreshTokens().findByHash("3".repeat(64)).orElseThrow().revokedAt()).isEmpty();
    }
}
