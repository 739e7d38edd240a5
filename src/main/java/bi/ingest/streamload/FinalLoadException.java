package bi.ingest.streamload;

/**
 * A load StarRocks refused for a reason no retry can fix (credentials, unknown table, schema mismatch, rows
 * filtered). The load path stops without committing offsets; the message says what to fix.
 */
public class FinalLoadException extends RuntimeException {

    private final String table;
    private final String label;
    private final String errorUrl;

    public FinalLoadException(String table, String label, String message, String errorUrl) {
        super(message);
        this.table = table;
        this.label = label;
        this.errorUrl = errorUrl;
    }

    public String table() {
        return table;
    }

    public String label() {
        return label;
    }

    public String errorUrl() {
        return errorUrl;
    }
}
