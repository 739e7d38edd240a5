package bi.ingest.load;

import java.util.Map;

/**
 * One Kafka record of a batch, as taken from the camel-kafka batch exchange.
 *
 * @param headers the record's Kafka headers (values as sent, usually byte[]), kept for the dead-letter copy
 */
public record ConsumedRecord(String topic, int partition, long offset, String key, byte[] value,
                             Map<String, Object> headers) {

    public String header(String name) {
        Object v = headers.get(name);
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        return v == null ? null : v.toString();
    }

    public int size() {
        return value == null ? 0 : value.length;
    }
}
