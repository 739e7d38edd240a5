package bi.ingest.streamload;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a Stream Load answer means for the batch (spec §2.4): loaded, pending (poll get_load_state), retryable
 * with the same label, or final (configuration or data that no retry can fix).
 */
public enum LoadVerdict {
    LOADED, PENDING, RETRYABLE, FINAL;

    private static final Pattern LABEL_USED = Pattern.compile("label \\[.*\\] has already been used", Pattern.CASE_INSENSITIVE);

    /** Message fragments (lower case) of answers that no retry can fix. Matched as substrings; wording varies by version. */
    private static final List<String> FINAL_MESSAGES = List.of(
            "too many filtered rows", "failed to parse json", "access denied", "unknown database", "unknown table",
            "only primary key table support partial update", "primary key size exceed", "label format error",
            "unknown data format", "no 100-continue header", "invalid timeout", "no valid basic authorization",
            "exceed the max size", "body size", "no database selected", "no table selected",
            "the value should be array type", "the value is array type in json document stream");

    /** FE-level {@code FAILED} answers that clear up by themselves. */
    private static final List<String> TRANSIENT_FE_MESSAGES = List.of("no backend alive", "no backend or compute node alive");

    public static LoadVerdict of(StreamLoadResponse r) {
        if (r.httpStatus() == 401 || r.httpStatus() == 403) {
            return FINAL;
        }
        if (r.httpStatus() != 200) {
            return RETRYABLE; // 5xx, 404 from the FE, a surfaced 307: outcome unknown, resend with the same label
        }
        String status = r.status() == null ? "" : r.status().trim().toLowerCase(Locale.ROOT);
        String message = r.message() == null ? "" : r.message().toLowerCase(Locale.ROOT);
        switch (status) {
            case "success", "ok", "publish timeout", "publish_timeout":
                return LOADED;
            case "label already exists", "label_already_exists":
                return "FINISHED".equalsIgnoreCase(r.existingJobStatus()) ? LOADED : PENDING;
            case "txn_in_processing":
                return RETRYABLE;
            case "failed":
                return TRANSIENT_FE_MESSAGES.stream().anyMatch(message::contains) ? RETRYABLE : FINAL;
            default:
                break;
        }
        if (LABEL_USED.matcher(message).find()) {
            return PENDING;
        }
        if (FINAL_MESSAGES.stream().anyMatch(message::contains)) {
            return FINAL;
        }
        // Transaction status unknown, too many versions, http concurrent limit, running txns, memory, timeout,
        // cancelled, and anything not recognised: back off and retry with the same label (the label dedups).
        return RETRYABLE;
    }
}
