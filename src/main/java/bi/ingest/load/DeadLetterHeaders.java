package bi.ingest.load;

/**
 * The headers a dead letter carries next to its original key, value and headers, after Kafka Connect's error reporter
 * ({@code __connect.errors.*}): where it failed, why, where it came from and when.
 */
public final class DeadLetterHeaders {

    public static final String PREFIX = "bi-dlq-";
    /** parse, normalize or load */
    public static final String STAGE = PREFIX + "stage";
    /** the exception's class */
    public static final String ERROR_CLASS = PREFIX + "error-class";
    /** the exception's message: what is wrong with the record */
    public static final String REASON = PREFIX + "reason";
    public static final String ORIGIN_TOPIC = PREFIX + "origin-topic";
    public static final String ORIGIN_PARTITION = PREFIX + "origin-partition";
    public static final String ORIGIN_OFFSET = PREFIX + "origin-offset";
    /** when it was rejected, ISO-8601 UTC */
    public static final String TIME = PREFIX + "time";
    /** on a record the admin API replayed: the dead letter it came from ({@code <dlq topic>/<partition>/<offset>}) */
    public static final String REPLAY_OF = "bi-replay-of";

    private DeadLetterHeaders() {
    }
}
