package bi.ingest.normalize;

/**
 * One Kafka record as a normalizer sees it: where it came from and the raw ERP JSON.
 *
 * @param account the bi-ingest ERP account (record header {@code bi-account})
 * @param eventId the Snowflake id assigned once where the event entered (record header {@code bi-event-id})
 * @param pulledAt when bi-ingest took the record from the ERP (header {@code bi-pulled-at}, ISO-8601), or null
 */
public record ErpRecord(String source, String entity, String account, Long eventId,
                        String topic, int partition, long offset, String key, byte[] value, String pulledAt) {

    public String origin() {
        return topic + "/" + partition + "@" + offset;
    }
}
