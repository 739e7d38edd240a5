package bi.ingest.account;

/** No account has this id (the admin API answers 404). */
public class AccountNotFoundException extends RuntimeException {

    public AccountNotFoundException(String id) {
        super("no account '" + id + "'");
    }
}
