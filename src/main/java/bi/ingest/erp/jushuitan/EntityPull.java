package bi.ingest.erp.jushuitan;

import bi.ingest.account.ErpAccount;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trigger's pull of one entity for one account, in one of three ways: by row-version cursor (live increments of
 * entities that have one), by modified-time windows (backfills, entities without a cursor, and an account's first
 * catch-up; windows follow each other until the trigger's {@code now}), or as the whole list (shops). It knows the
 * next request, and counts for the log. The pull route loops while {@link #hasMore()}.
 */
public final class EntityPull {

    private final ErpAccount account;
    private final JushuitanEntity entity;
    private final Instant now;
    private final PullProgress progress;
    private final ErpTimes times;
    private final Duration lateCommits;

    private PullWindow window;
    private WindowPaging windowPaging;
    private final RowVersionPaging rowVersions;
    private int listPage = 1;
    private boolean listDone;
    private final RowVersionsSeen seen = new RowVersionsSeen();
    /** The cluster lease this pull runs under (released when it ends), or null. */
    private String lease;

    private boolean done;
    private int windowRecords;
    private int pageRecords;
    private int windowPages;
    private long windowStarted = System.nanoTime();
    private int windows;
    private int records;

    private EntityPull(ErpAccount account, JushuitanEntity entity, Instant now, PullWindow window,
                       RowVersionPaging rowVersions, PullProgress progress, ErpTimes times, Duration lateCommits) {
        this.lateCommits = lateCommits;
        this.account = account;
        this.entity = entity;
        this.now = now;
        this.progress = progress;
        this.times = times;
        this.rowVersions = rowVersions;
        startWindow(window);
    }

    /**
     * Pages {@code window} and the windows {@code progress} gives after it; {@code lateCommits}: how long after its
     * modified time a change may become visible (where a cursor may take over, see {@link RowVersionsSeen}).
     */
    public static EntityPull windowed(ErpAccount account, JushuitanEntity entity, Instant now, PullWindow window,
                                      PullProgress progress, ErpTimes times, Duration lateCommits) {
        return new EntityPull(account, entity, now, window, null, progress, times, lateCommits);
    }

    /** Reads the changes from row version {@code startTs} on. */
    static EntityPull byRowVersion(ErpAccount account, JushuitanEntity entity, Instant now, long startTs,
                                   PullProgress progress, ErpTimes times) {
        return new EntityPull(account, entity, now, null,
                new RowVersionPaging(entity.rowVersionParam(), entity.pageSize(), startTs), progress, times, Duration.ZERO);
    }

    /** Lists the entity whole (shops). */
    static EntityPull listed(ErpAccount account, JushuitanEntity entity, Instant now, PullProgress progress, ErpTimes times) {
        return new EntityPull(account, entity, now, null, null, progress, times, Duration.ZERO);
    }

    PullProgress progress() {
        return progress;
    }

    public boolean hasMore() {
        return !done;
    }

    /** Runs under the cluster lease {@code name}; the pull route releases it when the pull ends. */
    public EntityPull leasedAs(String name) {
        this.lease = name;
        return this;
    }

    public String lease() { return lease; }
    public ErpAccount account() { return account; }
    public JushuitanEntity entity() { return entity; }
    public Instant now() { return now; }
    /** The window being paged; null when reading by row version or listing whole. */
    public PullWindow window() { return window; }
    public boolean byRowVersion() { return rowVersions != null; }
    public int windowRecords() { return windowRecords; }
    /** Records of the page fetched last. */
    public int pageRecords() { return pageRecords; }
    public int windowPages() { return windowPages; }
    public long windowMillis() { return (System.nanoTime() - windowStarted) / 1_000_000; }
    public int windows() { return windows; }
    public int records() { return records; }
    /** Row versions of the current window's records (where the cursor of a windowed pull may take over). */
    RowVersionsSeen seen() { return seen; }

    /** The biz of the next request (the exact text is made once, signed and sent). */
    Map<String, Object> request() {
        if (rowVersions != null) {
            return rowVersions.request();
        }
        if (windowPaging != null) {
            return windowPaging.request();
        }
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("page_index", listPage);
        biz.put("page_size", entity.pageSize());
        return biz;
    }

    /** The answer to {@link #request()}: counts its records and decides the next request. */
    void answered(JsonNode data, JsonNode list) {
        int count = list.isArray() ? list.size() : 0;
        pageRecords = count;
        windowRecords += count;
        records += count;
        windowPages++;
        if (rowVersions != null) {
            rowVersions.answered(data, list);
        } else if (windowPaging != null) {
            seen.saw(list, window.end().minus(lateCommits), times);
            windowPaging.answered(data, list);
        } else {
            listDone = !PagedAnswer.hasNext(data, count, entity.pageSize());
            listPage++;
        }
    }

    /** The page answered last ended the current window (or the whole read, by row version or list). */
    boolean stepDone() {
        return rowVersions != null ? rowVersions.done() : windowPaging != null ? windowPaging.done() : listDone;
    }

    /** Where a row-version pull resumes after the pages read so far. */
    long rowVersionResumeAt() {
        return rowVersions.resumeAt();
    }

    /** The window (or read) is complete and checkpointed: on to {@code next}, or done when there is none. */
    public void nextWindow(PullWindow next) {
        windows++;
        done = next == null;
        if (!done) {
            startWindow(next);
        }
    }

    private void startWindow(PullWindow w) {
        window = w;
        windowPaging = w == null ? null : new WindowPaging(w, entity.pageSize(), times);
        seen.clear();
        windowRecords = 0;
        windowPages = 0;
        windowStarted = System.nanoTime();
    }

    @Override
    public String toString() {
        return "account=" + account.id() + " entity=" + entity.entity()
                + (window == null ? "" : " window=" + window.begin() + ".." + window.end())
                + (rowVersions == null ? "" : " " + entity.rowVersionParam() + "=" + rowVersions.resumeAt());
    }
}
