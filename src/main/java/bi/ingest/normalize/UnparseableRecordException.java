package bi.ingest.normalize;

/** A record whose bytes are not a record at all (empty, too large, not a JSON object): stage {@code parse} in the DLQ. */
public class UnparseableRecordException extends InvalidRecordException {

    public UnparseableRecordException(String message) {
        super(message);
    }

    public UnparseableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
