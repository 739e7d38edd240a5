package bi.ingest.erp.jushuitan;

/** The account has no usable token: the merchant must authorize bi-ingest again (admin API, authorize). */
public class NeedsReauthorizationException extends RuntimeException {

    public NeedsReauthorizationException(String account, String reason) {
        super("account " + account + " needs re-authorization: " + reason);
    }
}
