package bi.ingest.erp.leke;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * BIGINT keys for Leke's text keys (order_no, refund_no, warehouse_code, event_id): the shared tables key Jushuitan's
 * numeric ids. The first 63 bits of SHA-256 over kind and text: stable across replays and instances, and within one
 * account a collision of n keys of one kind has a chance of about n^2 / 2^64 (1 % at 430 million keys). The text stays in a column beside it.
 */
public final class LekeIds {

    /** A digest per thread: looking one up costs more than hashing a short key (the provider search). */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(LekeIds::sha256);

    private LekeIds() {
    }

    public static long of(String kind, String text) {
        MessageDigest sha = SHA256.get();
        sha.update(kind.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] digest = sha.digest(text.getBytes(StandardCharsets.UTF_8)); // digest() also resets it for the next key
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (digest[i] & 0xff);
        }
        return id & Long.MAX_VALUE;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
