package bi.ingest.erp.jushuitan;

/** The ERP could not be reached or gave no usable answer; worth repeating later. */
public class JushuitanUnavailableException extends RuntimeException {

    public JushuitanUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
