package bi.ingest.erp.jushuitan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pages one modified-time window so that no row is skipped while rows leave or enter it. Paging by page index shifts
 * every unread row one place to the left when a read row leaves the window, so the row at each page boundary is lost;
 * here each request instead starts at the newest {@code modified} read so far (a seek on the sort key), so a row that
 * leaves cannot move an unread row behind the reader, and a row that enters behind it was not in the window when the
 * reader passed (the next window's overlap catches it). A second that holds more rows than a page cannot be sought
 * through: it is read from its last page to its first (a row leaving then only moves unread rows towards the pages
 * still to read) and read again if its count grew meanwhile (a row entered).
 * <p>
 * Relies on the query answering rows ordered by {@code modified} (docs/jushuitan.md).
 */
final class WindowPaging {

    private final PullWindow window;
    private final int pageSize;
    private final ErpTimes times;
    /** modified_begin of the next request. */
    private Instant seek;
    /** The second being read from its last page to its first, or null. */
    private Instant crowded;
    /** The crowded second's next page; 0 until its pages were counted. */
    private int crowdedPage;
    /** The crowded second's row count when its pages were counted. */
    private long crowdedCount;
    private boolean done;

    WindowPaging(PullWindow window, int pageSize, ErpTimes times) {
        this.window = window;
        this.pageSize = pageSize;
        this.times = times;
        this.seek = window.begin();
    }

    boolean done() {
        return done;
    }

    /** The biz fields of the next request. */
    Map<String, Object> request() {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("page_index", crowded == null ? 1 : Math.max(1, crowdedPage));
        biz.put("page_size", pageSize);
        biz.put("modified_begin", times.format(crowded == null ? seek : crowded));
        biz.put("modified_end", times.format(crowded == null ? window.end() : crowded));
        return biz;
    }

    /** Takes the answer to {@link #request()} and decides the next one (or that the window is read). */
    void answered(JsonNode data, JsonNode list) {
        int count = list.isArray() ? list.size() : 0;
        if (crowded != null) {
            crowdedAnswered(data, count);
            return;
        }
        if (!PagedAnswer.hasNext(data, count, pageSize)) {
            done = true;
            return;
        }
        // not past the window's end: a record that changed while the page was answered shows its new time, and a
        // request beginning after its end is refused (code 140), which failed a backfill in a drift test
        Instant newest = PagedAnswer.newestModified(list, times, window.end());
        if (newest != null && newest.isAfter(seek)) {
            seek = newest; // rows of that second already read are read once more: the idempotent consumer drops them
        } else {
            crowded = seek; // a whole page in one second
            crowdedPage = 0;
        }
    }

    private void crowdedAnswered(JsonNode data, int count) {
        long total = data.path("data_count").asLong(count);
        if (crowdedPage == 0) { // counted: read from the last page down
            crowdedCount = total;
            crowdedPage = (int) Math.max(1, (total + pageSize - 1) / pageSize);
            return;
        }
        if (crowdedPage > 1) {
            crowdedPage--;
            return;
        }
        if (total > crowdedCount) { // a row entered the second while it was read: read it again
            crowdedCount = total;
            crowdedPage = (int) Math.max(1, (total + pageSize - 1) / pageSize);
            return;
        }
        Instant next = crowded.plusSeconds(1);
        crowded = null;
        seek = next;
        done = next.isAfter(window.end());
    }
}
