package bi.ingest.backfill;

/** Where a backfill job stands. */
public enum BackfillStatus {
    QUEUED, RUNNING, DONE, FAILED, CANCELLED;

    boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
