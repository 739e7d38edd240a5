package bi.ingest.sandbox;

/** Fault knobs of the Stream Load sandbox (spec §9.1). */
public enum SandboxFault {
    /** Commit, keep the label COMMITTED for a while, answer {@code Publish Timeout}. */
    PUBLISH_TIMEOUT,
    /** Answer {@code Fail} "Too many versions"; nothing committed, label ABORTED. */
    TOO_MANY_VERSIONS,
    /** Commit, but answer {@code Fail} "... Transaction status unknown, you can retry with same label." */
    COMMIT_UNKNOWN,
    /** Delay the answer (the load is committed meanwhile; the label is PREPARE while it waits). */
    SLOW,
    /** Commit, then drop the connection without an answer. */
    RESET_AFTER_BODY,
    /** Keep the label PREPARE for a while, answer {@code Label Already Exists}/RUNNING, then commit. */
    LABEL_RUNNING,
    /** Answer {@code Fail} "Stream Load exceed http cuncurrent limit". */
    HTTP_LIMIT
}
