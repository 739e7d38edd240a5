package bi.ingest.erp.jushuitan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What the pull reads off a paged answer besides its records. */
final class PagedAnswer {

    private PagedAnswer() {
    }

    /** More pages follow: the answer's {@code has_next}, or, when it has none, a full page. */
    static boolean hasNext(JsonNode data, int count, int pageSize) {
        boolean hasNext = data.has("has_next") ? data.path("has_next").asBoolean() : count >= pageSize;
        return hasNext && count > 0;
    }

    /**
     * The newest {@code modified} of the page's records up to {@code notAfter}; null when none carries a valid one.
     * A record can show a later one than the query asked for: it changed while the ERP wrote its answer.
     */
    static Instant newestModified(JsonNode list, ErpTimes times, Instant notAfter) {
        Instant newest = null;
        for (JsonNode r : list) {
            Instant m = times.parse(r.path("modified").asText(null));
            if (m != null && !m.isAfter(notAfter) && (newest == null || m.isAfter(newest))) {
                newest = m;
            }
        }
        return newest;
    }

    /** A record's row version {@code ts} (a number, or a number as text as refunds send it), or null. */
    static Long rowVersion(JsonNode record) {
        JsonNode ts = record.get("ts");
        if (ts == null || ts.isNull() || ts.isContainerNode()) {
            return null;
        }
        if (ts.isIntegralNumber()) {
            return ts.asLong();
        }
        try {
            return Long.parseLong(ts.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
