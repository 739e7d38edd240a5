package bi.ingest.streamload;

/** A load whose outcome is unknown or failed transiently: resend the same batch under the same label. */
public class RetryableLoadException extends RuntimeException {

    public RetryableLoadException(String message) {
        super(message);
    }

    public RetryableLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
