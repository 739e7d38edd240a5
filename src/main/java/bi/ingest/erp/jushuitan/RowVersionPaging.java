package bi.ingest.erp.jushuitan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pages an entity by its row-version cursor, the platform's advice for increments: always page 1 of the rows whose
 * {@code ts} is at least the cursor (ordered by it), the cursor then moved past the newest {@code ts} read. A row that
 * changes while it is read gets a new, higher {@code ts} and is read again at its new version further on; a row not yet
 * read keeps its place ahead of the cursor, so nothing can slip past the reader. Relies on {@code ts} being unique per
 * row version (specs/jushuitan.md).
 */
final class RowVersionPaging {

    private final String param;
    private final int pageSize;
    private final long start;
    private long cursor;
    private Long newest;
    private boolean done;

    RowVersionPaging(String param, int pageSize, long start) {
        this.param = param;
        this.pageSize = pageSize;
        this.start = start;
        this.cursor = start;
    }

    boolean done() {
        return done;
    }

    /** Where a pull resuming after the pages read so far may start: past the newest {@code ts} read. */
    long resumeAt() {
        return newest == null ? start : Math.max(start, newest + 1);
    }

    Map<String, Object> request() {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("page_index", 1);
        biz.put("page_size", pageSize);
        biz.put(param, cursor);
        if ("start_ts".equals(param)) {
            biz.put("is_get_total", false);
        }
        return biz;
    }

    void answered(JsonNode data, JsonNode list) {
        int count = list.isArray() ? list.size() : 0;
        Long pageNewest = null;
        for (int i = 0; i < count; i++) {
            Long ts = PagedAnswer.rowVersion(list.get(i));
            if (ts != null && (pageNewest == null || ts > pageNewest)) {
                pageNewest = ts;
            }
        }
        if (pageNewest != null && (newest == null || pageNewest > newest)) {
            newest = pageNewest;
        }
        if (!PagedAnswer.hasNext(data, count, pageSize)) {
            done = true;
            return;
        }
        if (pageNewest == null || pageNewest < cursor) {
            throw new IllegalStateException("the " + param + " query answered a full page without a row version at or "
                    + "after " + cursor + "; the cursor cannot move on");
        }
        cursor = pageNewest + 1;
    }
}
