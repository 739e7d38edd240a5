package bi.ingest.erp.jushuitan;

/** The ERP refused a call for a reason repeating it does not fix (signature, permission, parameters). */
public class JushuitanRefusedException extends RuntimeException {

    private final int code;

    public JushuitanRefusedException(String account, String path, JushuitanAnswer answer) {
        super("account " + account + ": " + path + " refused with code " + answer.code() + " (" + answer.msg() + ")"
                + hint(answer.error()));
        this.code = answer.code();
    }

    public int code() {
        return code;
    }

    private static String hint(JushuitanError error) {
        return switch (error) {
            case SIGNATURE -> " - check the account's app secret";
            case IP_REFUSED -> " - add this service's egress IP to the app's whitelist";
            case PERMISSION -> " - grant the app this interface on the open platform";
            case INVALID_REQUEST -> " - check the clock of this machine (timestamp tolerance) and the request";
            default -> "";
        };
    }
}
