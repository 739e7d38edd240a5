package bi.ingest.normalize;

/** A record that cannot become rows: it goes to the dead-letter topic with this message as the reason. */
public class InvalidRecordException extends RuntimeException {

    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
