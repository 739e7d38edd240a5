package bi.ingest.load;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The load routes' value deserializer: a record's bytes as they are, until the batch being gathered on this consumer
 * thread holds {@code bi.load.consumer.max-batch-bytes}; after that {@link #DEFERRED}, which keeps no bytes, and
 * {@link PartitionBatchCutter} seeks each partition back to its first deferred record, so the next batch reads it
 * again. The first record of a batch is always taken, so one record larger than the limit still gets through (to
 * the dead-letter topic, when it is over {@code bi.load.max-record-bytes}).
 *
 * <p>Camel's batching consumer gathers up to {@code max-batch-records} across polls with no byte bound, and Kafka
 * bounds only a fetch; this is the one place that sees every record before it is kept. Kafka creates the
 * deserializer per consumer by class name and calls it on the polling thread, which is also the thread that
 * processes the batch: hence the thread-local count.
 *
 * <p>Once a record was deferred, {@link BatchBoundedKafkaClientFactory}'s consumer polls nothing more until the batch
 * is cut: what it fetched would only be deferred too, and read again.
 *
 * <p>A record's headers are read out here too: Kafka keeps them as views of the whole record's bytes, so a header
 * read later (or never) would keep a deferred record's bytes in memory all the same.
 */
public class BatchBytesDeserializer implements Deserializer<Object> {

    /** Consumer property (set by the load routes) with the byte limit of one batch. */
    public static final String MAX_BATCH_BYTES = "bi.max.batch.bytes";

    /** Stands for a record left out of this batch; the cutter rewinds to it. */
    public static final Object DEFERRED = new Object() {
        @Override
        public String toString() {
            return "record deferred to the next batch (batch byte limit reached)";
        }
    };

    /**
     * Per consumer thread: bytes gathered since the last batch was cut (negative once a record was deferred), and
     * when the batch's first record came ({@link System#nanoTime()}).
     */
    private static final ThreadLocal<long[]> GATHERED = ThreadLocal.withInitial(() -> new long[2]);
    /** A full batch's poll waits at least this long, so a caller polling again at once does not spin. */
    private static final long MIN_FULL_WAIT_NANOS = 10_000_000;

    private long maxBatchBytes = Long.MAX_VALUE;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object limit = configs.get(MAX_BATCH_BYTES);
        if (limit != null && !limit.toString().isBlank()) {
            maxBatchBytes = Long.parseLong(limit.toString().trim());
        }
    }

    @Override
    public Object deserialize(String topic, Headers headers, ByteBuffer data) {
        detach(headers);
        if (data == null) {
            return null;
        }
        if (!take(data.remaining())) {
            return DEFERRED; // not copied at all
        }
        byte[] value = new byte[data.remaining()];
        data.duplicate().get(value);
        return value;
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        detach(headers);
        return deserialize(topic, data);
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        return data == null ? null : take(data.length) ? data : DEFERRED;
    }

    private boolean take(int size) {
        long[] gathered = GATHERED.get();
        // once one record is deferred, every later one is too: a partition's batch must stay a contiguous range
        if (gathered[0] < 0 || (gathered[0] > 0 && gathered[0] + size > maxBatchBytes)) {
            gathered[0] = -1;
            return false;
        }
        if (gathered[0] == 0) {
            gathered[1] = System.nanoTime();
        }
        gathered[0] += size;
        return true;
    }

    /**
     * How long a poll on this thread waits without reading, in nanoseconds: once the batch deferred a record, the
     * rest of {@code pollTimeout} since its first record (camel-kafka dispatches a batch at an empty poll that
     * much after the batch began), at least {@link #MIN_FULL_WAIT_NANOS}; -1 while the batch has room.
     */
    static long fullBatchWaitNanos(java.time.Duration pollTimeout) {
        long[] gathered = GATHERED.get();
        if (gathered[0] >= 0) {
            return -1;
        }
        return Math.max(gathered[1] + pollTimeout.toNanos() - System.nanoTime(), MIN_FULL_WAIT_NANOS);
    }

    /** Copies each header's key and value out of the record's bytes (Kafka does it on first access). */
    private static void detach(Headers headers) {
        if (headers != null) {
            for (Header h : headers) {
                h.key();
                h.value();
            }
        }
    }

    /** Called on the consumer thread when a batch is cut: what is polled from now on counts for the next batch. */
    public static void startNextBatch() {
        GATHERED.get()[0] = 0;
    }
}
