package bi.ingest.streamload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Deterministic Stream Load labels: derived only from what the load contains (target table, topic, partition,
 * first and last offset), so a replay after a crash sends the same batch under the same label and StarRocks
 * deduplicates it (spec §3). Valid labels match {@code ^[-\w]{1,128}$}.
 */
public final class LoadLabels {

    private static final Pattern VALID = Pattern.compile("^[-\\w]{1,128}$");
    private static final Pattern INVALID_CHARS = Pattern.compile("[^A-Za-z0-9_-]");

    private LoadLabels() {
    }

    public static String of(String prefix, String table, String topic, int partition, long firstOffset, long lastOffset) {
        String raw = prefix + "_" + table + "_" + topic + "_" + partition + "_" + firstOffset + "_" + lastOffset;
        if (VALID.matcher(raw).matches()) {
            return raw;
        }
        // sanitising may make two topics collide (a.b vs a_b), so a short hash of the raw form keeps labels apart
        String hash = sha1(raw).substring(0, 10);
        String safe = INVALID_CHARS.matcher(raw).replaceAll("_");
        int room = 128 - hash.length() - 1;
        return (safe.length() > room ? safe.substring(0, room) : safe) + "-" + hash;
    }

    public static boolean isValid(String label) {
        return label != null && VALID.matcher(label).matches();
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
