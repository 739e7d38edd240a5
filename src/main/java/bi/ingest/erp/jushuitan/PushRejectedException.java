package bi.ingest.erp.jushuitan;

/** A push bi-ingest refuses; the platform gets {@code {"code": code, "msg": ...}} and may send it again. */
public class PushRejectedException extends RuntimeException {

    private final int code;

    public PushRejectedException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
