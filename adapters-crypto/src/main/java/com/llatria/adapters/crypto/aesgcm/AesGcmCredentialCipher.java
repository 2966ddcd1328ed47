package com.llatria.adapters.crypto.aesgcm;

import com.llatria.domain.port.CredentialCipher;
import com.llatria.domain.posting.SealedSecret;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AES-256-GCM with a fresh 96-bit nonce per value; the context is the associated data, so a
 * value moved to another row or field fails to open. Each value names its key by id (the first
 * 8 bytes of the key's SHA-256, in hex), so older keys can stay readable while new values use
 * the current one.
 */
public final class AesGcmCredentialCipher implements CredentialCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final String currentKeyId;

    /** @param current the 32-byte key new values are sealed with; {@code previous} keys only open old values */
    public AesGcmCredentialCipher(byte[] current, List<byte[]> previous) {
        this.currentKeyId = add(current);
        previous.forEach(this::add);
    }

    /** A key as configured: base64 (standard or URL-safe) of 32 bytes. */
    public static byte[] decodeKey(String text, String settingName) {
        byte[] key;
        try {
            String t = text.trim();
            key = t.contains("-") || t.contains("_") ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(settingName + " must be base64 of 32 random bytes (openssl rand -base64 32)");
        }
        if (key.length != 32) throw new IllegalArgumentException(settingName + " must be base64 of exactly 32 bytes, not " + key.length);
        return key;
    }

    public static String newKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private String add(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("an AES-256 key has 32 bytes");
        String id = keyId(key);
        keys.put(id, new SecretKeySpec(key.clone(), "AES"));
        return id;
    }

    static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String currentKeyId() {
        return currentKeyId;
    }

    /** Whether values sealed with the key of this id can be opened (the current key or a previous one). */
    public boolean opens(String keyId) {
        return keys.containsKey(keyId);
    }

    @Override
    public SealedSecret seal(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return new SealedSecret(currentKeyId, Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public String open(SealedSecret sealed, String context) {
        SecretKeySpec key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("a stored credential was sealed with key " + sealed.keyId()
                    + ", which this server does not have (CREDENTIALS_ENCRYPTION_KEY / CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS)");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
            if (bytes.length < NONCE_BYTES + TAG_BITS / 8) throw new IllegalStateException("a stored credential is truncated");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored credential does not open: altered, or moved from another account", e);
        }
    }
}
