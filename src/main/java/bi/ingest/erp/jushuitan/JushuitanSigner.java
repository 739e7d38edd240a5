package bi.ingest.erp.jushuitan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Jushuitan open-platform signature (specs/jushuitan.md, "Signing"): every parameter but {@code sign} whose
 * value is not empty, sorted by name in code-unit order, concatenated as name + value with no separator, prefixed
 * with the app secret, MD5 over the UTF-8 bytes, lower-case hex. {@code biz} is signed as the exact JSON text sent.
 */
public final class JushuitanSigner {

    private JushuitanSigner() {
    }

    public static String sign(String appSecret, Map<String, String> params) {
        StringBuilder text = new StringBuilder(appSecret);
        new TreeMap<>(params).forEach((name, value) -> { // String's natural order is code-unit order
            if (!"sign".equals(name) && value != null && !value.isEmpty()) {
                text.append(name).append(value);
            }
        });
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    }

    /** True when {@code params} carries the signature {@code sign} computes for them (what the platform checks on pushes). */
    public static boolean verify(String appSecret, Map<String, String> params) {
        String given = params.get("sign");
        return given != null && MessageDigest.isEqual(given.toLowerCase().getBytes(StandardCharsets.US_ASCII),
                sign(appSecret, params).getBytes(StandardCharsets.US_ASCII));
    }
}
