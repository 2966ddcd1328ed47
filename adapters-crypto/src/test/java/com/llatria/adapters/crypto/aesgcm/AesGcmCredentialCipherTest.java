package com.llatria.adapters.crypto.aesgcm;

import com.llatria.domain.posting.SealedSecret;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AesGcmCredentialCipherTest {
    static final SecureRandom RANDOM = new SecureRandom();

    static byte[] key() {
        return AesGcmCredentialCipher.decodeKey(AesGcmCredentialCipher.newKey(RANDOM), "KEY");
    }

    @Test
    void a_sealed_value_opens_in_its_context_only_and_never_shows_the_plaintext() {
        AesGcmCredentialCipher cipher = new AesGcmCredentialCipher(key(), List.of());

        SealedSecret a = cipher.seal("v^1.1#secret-token", "user-1/ebay/access");
        SealedSecret b = cipher.seal("v^1.1#secret-token", "user-1/ebay/access");

        assertThat(a.ciphertext()).doesNotContain("secret").isNotEqualTo(b.ciphertext());
        assertThat(a.toString()).doesNotContain(a.ciphertext());
        assertThat(cipher.open(a, "user-1/ebay/access")).isEqualTo("v^1.1#secret-token");
        assertThatThrownBy(() -> cipher.open(a, "user-2/ebay/access")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_tampered_value_does_not_open() {
        AesGcmCredentialCipher cipher = new AesGcmCredentialCipher(key(), List.of());
        SealedSecret sealed = cipher.seal("token", "ctx");
        char[] chars = sealed.ciphertext().toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';

        assertThatThrownBy(() -> cipher.open(new SealedSecret(sealed.keyId(), new String(chars)), "ctx"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void after_rotation_old_values_open_and_new_ones_use_the_new_key() {
        byte[] oldKey = key();
        byte[] newKey = key();
        SealedSecret old = new AesGcmCredentialCipher(oldKey, List.of()).seal("token", "ctx");

        AesGcmCredentialCipher rotated = new AesGcmCredentialCipher(newKey, List.of(oldKey));

        assertThat(rotated.open(old, "ctx")).isEqualTo("token");
        assertThat(rotated.seal("token", "ctx").keyId()).isEqualTo(rotated.currentKeyId()).isNotEqualTo(old.keyId());
        assertThatThrownBy(() -> new AesGcmCredentialCipher(newKey, List.of()).open(old, "ctx"))
                .hasMessageContaining(old.keyId());
    }

    @Test
    void a_key_must_be_32_bytes_of_base64() {
        assertThatThrownBy(() -> AesGcmCredentialCipher.decodeKey("c2hvcnQ=", "CREDENTIALS_ENCRYPTION_KEY"))
                .hasMessageContaining("CREDENTIALS_ENCRYPTION_KEY").hasMessageContaining("32");
    }
}
