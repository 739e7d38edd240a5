package bi.ingest.erp.jushuitan;

import bi.ingest.account.ErpAccount;
import java.time.Instant;

/**
 * One trigger's pull of one entity for one account: the window being paged (windows follow each other until the
 * trigger's {@code now}), the next page, and counts for the log. The pull route loops while {@link #hasMore()}.
 */
public final class EntityPull {

    private final ErpAccount account;
    private final JushuitanEntity entity;
    private final Instant now;
    private PullWindow window;
    private int pageIndex = 1;
    private boolean lastPageFetched;
    private boolean done;
    private int windowRecords;
    private int pageRecords;
    private int windowPages;
    private long windowStarted = System.nanoTime();
    private int windows;
    private int records;

    private final PullProgress progress;

    public EntityPull(ErpAccount account, JushuitanEntity entity, Instant now, PullWindow window, PullProgress progress) {
        this.account = account;
        this.entity = entity;
        this.now = now;
        this.window = window;
        this.progress = progress;
    }

    PullProgress progress() {
        return progress;
    }

    public boolean hasMore() {
        return !done;
    }

    public ErpAccount account() { return account; }
    public JushuitanEntity entity() { return entity; }
    public Instant now() { return now; }
    /** Null for entities listed whole (shops). */
    public PullWindow window() { return window; }
    public int pageIndex() { return pageIndex; }
    public int windowRecords() { return windowRecords; }
    /** Records of the page fetched last. */
    public int pageRecords() { return pageRecords; }
    public int windowPages() { return windowPages; }
    public long windowMillis() { return (System.nanoTime() - windowStarted) / 1_000_000; }
    public int windows() { return windows; }
    public int records() { return records; }
    boolean lastPageFetched() { return lastPageFetched; }

    void pageFetched(int count, boolean hasNext) {
        pageRecords = count;
        windowRecords += count;
        records += count;
        windowPages++;
        lastPageFetched = !hasNext;
    }

    /** The page was acknowledged by Kafka: on to the next page. */
    void nextPage() {
        pageIndex++;
    }

    /** The window is complete and checkpointed: on to {@code next}, or done when there is none. */
    public void nextWindow(PullWindow next) {
        windows++;
        window = next;
        done = next == null;
        pageIndex = 1;
        lastPageFetched = false;
        windowRecords = 0;
        windowPages = 0;
        windowStarted = System.nanoTime();
    }

    @Override
    public String toString() {
        return "account=" + account.id() + " entity=" + entity.entity()
                + (window == null ? "" : " window=" + window.begin() + ".." + window.end()) + " page=" + pageIndex;
    }
}
