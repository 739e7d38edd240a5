package bi.ingest.load;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * A load route's record value as {@link BatchBytesDeserializer} took it (its bytes and headers), and, once the poll
 * that read it returns through {@link BatchBoundedKafkaClientFactory}'s consumer, its place and key. The cutter then
 * reads a record from its exchange's body alone: reading the typed headers camel-kafka puts into each exchange's
 * case-insensitive map was a tenth of the load route's consumer threads.
 */
final class PolledRecord {

    private final String topic;
    private final byte[] value;
    private final Headers headers;
    private int partition;
    private long offset = -1;
    private Object key;

    PolledRecord(String topic, byte[] value, Headers headers) {
        this.topic = topic;
        this.value = value;
        this.headers = headers;
    }

    /** Where the poll found the record; set on the consumer thread before camel-kafka sees it. */
    void place(int partition, long offset, Object key) {
        this.partition = partition;
        this.offset = offset;
        this.key = key;
    }

    /** False when no {@link BatchBoundedKafkaClientFactory} consumer placed it: camel-kafka's headers tell where. */
    boolean placed() {
        return offset >= 0;
    }

    String topic() {
        return topic;
    }

    int partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    byte[] value() {
        return value;
    }

    /** The record, once {@link #placed()}. */
    ConsumedRecord toConsumedRecord() {
        return new ConsumedRecord(topic, partition, offset, keyText(key), value, headers);
    }

    /** A record key as the load path keeps it: text (camel-kafka's key deserializer may hand over bytes). */
    static String keyText(Object key) {
        return key instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : key == null ? null : key.toString();
    }

    @Override
    public String toString() {
        return "record of " + value.length + " bytes" + (placed() ? " at " + topic + "-" + partition + "@" + offset : "");
    }
}
