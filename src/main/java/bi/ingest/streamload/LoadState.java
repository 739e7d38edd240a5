package bi.ingest.streamload;

/** A label's transaction state as {@code GET /api/{db}/get_load_state} reports it. */
public enum LoadState {
    UNKNOWN, PREPARE, PREPARED, COMMITTED, VISIBLE, ABORTED;

    public static LoadState parse(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(s.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    public boolean isCommitted() {
        return this == COMMITTED || this == VISIBLE;
    }

    public boolean isInFlight() {
        return this == PREPARE || this == PREPARED;
    }
}
