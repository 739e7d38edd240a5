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
    HTTP_LIMIT,
    /** Answer {@code Fail} "Memory of load exceed limit"; label ABORTED. */
    MEM_LIMIT,
    /** Answer {@code Fail} "current running txns on db ... larger than limit"; label ABORTED. */
    TXN_LIMIT,
    /** The FE waits this long before its 307, beyond the client's wait-for-continue. */
    FE_SLOW_CONTINUE
}
