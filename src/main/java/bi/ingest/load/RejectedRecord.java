package bi.ingest.load;

/**
 * A record that could not become rows, on its way to {@code <topic>.dlq}.
 *
 * @param errorClass simple name of the exception that rejected it
 */
public record RejectedRecord(ConsumedRecord record, String dlqTopic, String errorClass, String reason) {
}
