package bi.ingest.load;

import java.time.Instant;

/**
 * A record that could not become rows, on its way to {@code <topic>.dlq}.
 *
 * @param stage      where it failed (header {@code bi-dlq-stage})
 * @param errorClass name of the exception that rejected it
 * @param at         when it was rejected (header {@code bi-dlq-time})
 */
public record RejectedRecord(ConsumedRecord record, String dlqTopic, Stage stage, String errorClass, String reason, Instant at) {

    /** The steps a record goes through on the load path, as Kafka Connect's error reporter names its stages. */
    public enum Stage {
        /** its bytes: size, JSON */
        PARSE,
        /** the mapper: fields, types, the table's constraints */
        NORMALIZE,
        /** the load: a record StarRocks filtered (today a filtered row halts the route instead, see the README) */
        LOAD;

        public String label() {
            return name().toLowerCase();
        }
    }
}
