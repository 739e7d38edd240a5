package bi.ingest.load;

/**
 * A record that could not become rows, on its way to {@code <topic>.dlq}.
 *
 * @param errorClass simple name of the exception that rejected it
 */
public record RejectedRecord(ConsumedRecord record, String dlqTopic, String errorClass, String reason) {

    // identity: Camel may hash message bodies, and hashing every record's bytes and headers is costly
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
