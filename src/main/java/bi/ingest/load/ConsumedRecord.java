package bi.ingest.load;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One Kafka record of a batch, as taken from the camel-kafka batch exchange.
 *
 * @param headers the record's Kafka headers as sent (kept for the dead-letter copy)
 */
public record ConsumedRecord(String topic, int partition, long offset, String key, byte[] value, Headers headers) {

    public ConsumedRecord {
        headers = headers == null ? new RecordHeaders() : headers;
    }

    public int size() {
        return value == null ? 0 : value.length;
    }
}
