package bi.ingest.account;

/** Where an account's authorization stands. */
public enum TokenState {
    /** Created, never authorized (or an authorization was started and not completed). */
    PENDING,
    /** Holds an access and a refresh token. */
    AUTHORIZED,
    /** The ERP refused to refresh: pulls stop until the merchant authorizes again. */
    NEEDS_REAUTHORIZATION
}
