package bi.ingest.erp.jushuitan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Row versions of the records a window read: where a row-version cursor can take over from the windows without a
 * gap. Every version modified before {@code recentFrom} that was not read is newer than the newest one read; versions
 * modified since may still commit late, so the cursor starts at the oldest of those read.
 */
final class RowVersionsSeen {

    private Long newest;
    private Long oldestRecent;

    void clear() {
        newest = null;
        oldestRecent = null;
    }

    void saw(JsonNode list, Instant recentFrom, ErpTimes times) {
        for (JsonNode r : list) {
            Long ts = PagedAnswer.rowVersion(r);
            if (ts == null) {
                continue;
            }
            newest = newest == null ? ts : Math.max(newest, ts);
            Instant modified = times.parse(r.path("modified").asText(null));
            if (modified != null && !modified.isBefore(recentFrom)) {
                oldestRecent = oldestRecent == null ? ts : Math.min(oldestRecent, ts);
            }
        }
    }

    /** Where the cursor takes over, or null when the window read no row version. */
    Long cursorStart() {
        return oldestRecent != null ? oldestRecent : newest == null ? null : newest + 1;
    }
}
