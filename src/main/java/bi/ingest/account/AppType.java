package bi.ingest.account;

/** How the app behind an account was registered: a merchant's own app, or a third-party (ISV) app. */
public enum AppType {
    /** The merchant's own app: may refresh its token (specs/jushuitan.md, corrections). */
    SELF_BUILT,
    /** A third-party app: cannot refresh (code 150); the merchant authorizes again. */
    ISV
}
