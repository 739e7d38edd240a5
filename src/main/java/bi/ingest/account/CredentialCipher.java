package bi.ingest.account;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * App secrets and tokens at rest: AES-256-GCM with the key from {@code bi.secrets.key} (base64 of 32 bytes), a
 * random IV per value, and the column name as associated data (a secret copied into a token column does not
 * decrypt). Stored as {@code enc:v1:<base64>}; values without the prefix were written without a key and are read
 * as they are, so a key can be introduced on a running installation.
 */
public final class CredentialCipher {

    private static final String PREFIX = "enc:v1:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private CredentialCipher(SecretKeySpec key) {
        this.key = key;
    }

    /** @param base64Key empty: values are stored as they are (development only) */
    public static CredentialCipher of(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            return new CredentialCipher(null);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bi.secrets.key is not base64 (generate one with: openssl rand -base64 32)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("bi.secrets.key must be 32 bytes (base64 of 32 random bytes), got " + raw.length);
        }
        return new CredentialCipher(new SecretKeySpec(raw, "AES"));
    }

    public boolean encrypts() {
        return key != null;
    }

    public String encrypt(String column, String value) {
        if (value == null || key == null) {
            return value;
        }
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            c.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt " + column, e);
        }
    }

    public String decrypt(String column, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        if (key == null) {
            throw new IllegalStateException(column + " is encrypted but bi.secrets.key (BI_SECRETS_KEY) is not set");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(column + " does not decrypt with bi.secrets.key: a different key, or a damaged value");
        }
    }
}
