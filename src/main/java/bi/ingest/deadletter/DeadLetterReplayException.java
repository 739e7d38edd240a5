package bi.ingest.deadletter;

/** Kafka did not take a replay (503): the records it did not confirm may be replayed again at once. */
public class DeadLetterReplayException extends RuntimeException {

    public DeadLetterReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
