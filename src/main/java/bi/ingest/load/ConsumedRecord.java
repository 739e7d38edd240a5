package bi.ingest.load;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
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

    /** The last value of a header as UTF-8 text, or null; the name's case does not matter (as in a Camel message). */
    public String header(String name) {
        byte[] value = headerBytes(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The last value of a header, or null; the name's case does not matter. */
    public byte[] headerBytes(String name) {
        Header h = headers.lastHeader(name);
        if (h == null) {
            for (Header any : headers) {
                if (any.key().equalsIgnoreCase(name)) {
                    h = any;
                }
            }
        }
        return h == null ? null : h.value();
    }

    public int size() {
        return value == null ? 0 : value.length;
    }
}
