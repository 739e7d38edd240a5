package bi.ingest.load;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
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
 * is cut: what it fetched would only be deferred too, and read again. Its next poll instead hands camel-kafka
 * {@link #placeholdersToFill placeholders} up to {@code max.poll.records}, so the batch is dispatched at once.
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

    /** Per consumer thread: what camel-kafka's batching consumer holds for the batch it is gathering. */
    private static final ThreadLocal<Gathering> GATHERED = ThreadLocal.withInitial(Gathering::new);

    private static final class Gathering {
        /** Bytes taken since the last batch was cut; negative once a record was deferred. */
        long bytes;
        /** When the batch's first record came ({@link System#nanoTime()}). */
        long startedNanos;
        /** Records handed to camel-kafka (taken, deferred or placeholders) that it has not dispatched yet. */
        long pending;
        boolean lastPollEmpty;
        /** The first deferred record's place; null until one was deferred and seen in a poll's records. */
        TopicPartition deferredPartition;
        long deferredOffset;
        /** Placeholders were handed over for this batch. */
        boolean filled;
    }
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
        Gathering g = GATHERED.get();
        // once one record is deferred, every later one is too: a partition's batch must stay a contiguous range
        if (g.bytes < 0 || (g.bytes > 0 && g.bytes + size > maxBatchBytes)) {
            g.bytes = -1;
            return false;
        }
        if (g.bytes == 0) {
            g.startedNanos = System.nanoTime();
        }
        g.bytes += size;
        return true;
    }

    /**
     * How long a poll on this thread waits without reading, in nanoseconds: once the batch deferred a record, the
     * rest of {@code pollTimeout} since its first record (camel-kafka dispatches a batch at an empty poll that
     * much after the batch began), at least {@link #MIN_FULL_WAIT_NANOS}; -1 while the batch has room.
     */
    static long fullBatchWaitNanos(java.time.Duration pollTimeout) {
        Gathering g = GATHERED.get();
        if (g.bytes >= 0) {
            return -1;
        }
        return Math.max(g.startedNanos + pollTimeout.toNanos() - System.nanoTime(), MIN_FULL_WAIT_NANOS);
    }

    /**
     * Counts what a poll on this thread handed camel-kafka, and notes where the batch's first deferred record is.
     * Called by {@link BatchBoundedKafkaClientFactory}'s consumer for every poll's records.
     */
    static void polled(ConsumerRecords<?, ?> records) {
        Gathering g = GATHERED.get();
        g.pending += records.count();
        g.lastPollEmpty = records.isEmpty();
        if (g.bytes < 0 && g.deferredPartition == null) {
            for (ConsumerRecord<?, ?> r : records) {
                if (r.value() == DEFERRED) {
                    g.deferredPartition = new TopicPartition(r.topic(), r.partition());
                    g.deferredOffset = r.offset();
                    break;
                }
            }
        }
    }

    /**
     * For a full batch: as many placeholders (deferred copies of its first deferred record) as camel-kafka still needs
     * to reach {@code maxPollRecords}, its only way to dispatch a batch at once; otherwise it waits for an empty poll
     * {@code poll-timeout-ms} after the batch began, idle. {@link PartitionBatchCutter} reads a placeholder as the
     * deferred record it copies, which it rewinds to anyway. Null when the batch is not full, was filled already (camel
     * let go of records without dispatching them, so the count was high: the wait decides, as before), or the
     * deferred record was not seen.
     */
    static ConsumerRecords<Object, Object> placeholdersToFill(int maxPollRecords) {
        Gathering g = GATHERED.get();
        if (g.bytes >= 0 || g.filled || g.deferredPartition == null || g.pending >= maxPollRecords) {
            return null;
        }
        ConsumerRecord<Object, Object> copy = new ConsumerRecord<>(g.deferredPartition.topic(), g.deferredPartition.partition(),
                g.deferredOffset, null, DEFERRED);
        g.filled = true;
        return new ConsumerRecords<>(Map.of(g.deferredPartition, Collections.nCopies((int) (maxPollRecords - g.pending), copy)));
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

    /**
     * Called on the consumer thread when camel-kafka dispatched a batch of {@code records}: what is polled from now on
     * counts for the next batch. Records of the same poll after the batch's last go to the next batch, unless the
     * batch left at an empty poll: then camel-kafka holds nothing more.
     */
    public static void startNextBatch(int records) {
        Gathering g = GATHERED.get();
        g.pending = g.lastPollEmpty ? 0 : Math.max(0, g.pending - records);
        g.bytes = 0;
        g.deferredPartition = null;
        g.filled = false;
    }

    /** Forgets what this thread gathered (a new consumer on it, or a test). */
    public static void startNextBatch() {
        GATHERED.set(new Gathering());
    }
}
