package bi.ingest.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Salted SHA-256 for the admin and viewer passwords, compared in constant time. Written by hand because Spring's
 * encoders are slow by design (BCrypt: tens of milliseconds of CPU per Basic-auth request, every Prometheus scrape and
 * admin call), which protects stored user databases; these passwords come from configuration, already in the process.
 */
final class ConfiguredPasswordEncoder implements PasswordEncoder {

    private static final int SALT_BYTES = 16;
    private final SecureRandom random = new SecureRandom();

    @Override
    public String encode(CharSequence raw) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return b64.encodeToString(salt) + "$" + b64.encodeToString(digest(salt, raw));
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        int dollar = encoded == null ? -1 : encoded.indexOf('$');
        if (raw == null || dollar < 0) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] salt = b64.decode(encoded.substring(0, dollar));
        return MessageDigest.isEqual(b64.decode(encoded.substring(dollar + 1)), digest(salt, raw));
    }

    private static byte[] digest(byte[] salt, CharSequence raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(raw.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
