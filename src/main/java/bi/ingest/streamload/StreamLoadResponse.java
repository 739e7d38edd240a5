package bi.ingest.streamload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Stream Load answer (spec §2): the BE result JSON, an FE {@code FAILED} JSON, a 401, or an empty body.
 * Field names are matched case-insensitively, unknown fields are ignored, and both spellings of the planning
 * time ({@code StreamLoadPlanTimeMs}, {@code StreamLoadPutTimeMs}) are accepted.
 */
public record StreamLoadResponse(
        int httpStatus,
        long txnId,
        String label,
        String status,
        String existingJobStatus,
        String message,
        long numberTotalRows,
        long numberLoadedRows,
        long numberFilteredRows,
        long numberUnselectedRows,
        long loadBytes,
        long loadTimeMs,
        long planTimeMs,
        String errorUrl) {

    public static StreamLoadResponse of(int httpStatus, JsonNode body) {
        Map<String, JsonNode> f = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (body != null && body.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                f.put(e.getKey(), e.getValue());
            }
        }
        String message = text(f, "Message");
        if (message == null) {
            message = text(f, "msg");
        }
        long planTime = f.containsKey("StreamLoadPlanTimeMs") ? number(f, "StreamLoadPlanTimeMs") : number(f, "StreamLoadPutTimeMs");
        return new StreamLoadResponse(httpStatus,
                f.containsKey("TxnId") ? number(f, "TxnId") : -1,
                text(f, "Label"), text(f, "Status"), text(f, "ExistingJobStatus"), message,
                number(f, "NumberTotalRows"), number(f, "NumberLoadedRows"), number(f, "NumberFilteredRows"),
                number(f, "NumberUnselectedRows"), number(f, "LoadBytes"), number(f, "LoadTimeMs"), planTime,
                text(f, "ErrorURL"));
    }

    private static String text(Map<String, JsonNode> f, String name) {
        JsonNode n = f.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static long number(Map<String, JsonNode> f, String name) {
        JsonNode n = f.get(name);
        if (n == null || n.isNull()) {
            return 0;
        }
        return n.isNumber() ? n.longValue() : parseOrZero(n.asText());
    }

    private static long parseOrZero(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One line for logs and exceptions. */
    public String summary() {
        return "http=" + httpStatus + " status=" + status
                + (existingJobStatus == null ? "" : " existingJobStatus=" + existingJobStatus)
                + " message=\"" + message + "\""
                + (errorUrl == null ? "" : " ErrorURL=" + errorUrl);
    }
}
