package bi.ingest.erp.jushuitan;

/** The ERP answered with a rate-limit code (199 per second, 200 per minute); repeated after a backoff. */
public class JushuitanRateLimitedException extends RuntimeException {

    public JushuitanRateLimitedException(String account, String path, JushuitanAnswer answer) {
        super("account " + account + ": " + path + " rate-limited (code " + answer.code() + ": " + answer.msg() + ")");
    }
}
