package bi.ingest.deadletter;

/** The admin API was asked for a dead-letter topic Kafka does not have (404). */
public class DeadLetterTopicNotFoundException extends RuntimeException {

    public DeadLetterTopicNotFoundException(String message) {
        super(message);
    }
}
