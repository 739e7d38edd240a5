package bi.ingest.load;

import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Consecutive records of one topic-partition that are loaded together and committed together. Its offset range
 * names its Stream Load labels, so the same range must be cut again after a crash (see {@link OffsetPlan}).
 *
 * @param records       the records to load; empty when the poll held only records loaded before (a replay)
 * @param planned       true when the range was read back from a plan recorded before a crash
 * @param commitThrough last offset this batch accounts for, including replayed records it skipped
 * @param consumer      the consumer thread's Kafka consumer, which commits the offsets
 */
public record PartitionBatch(String flow, TopicPartition partition, List<ConsumedRecord> records, boolean planned,
                             long commitThrough, Consumer<?, ?> consumer) {

    public long firstOffset() {
        return records.isEmpty() ? commitThrough : records.get(0).offset();
    }

    public long lastOffset() {
        return records.isEmpty() ? commitThrough : records.get(records.size() - 1).offset();
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    @Override
    public String toString() {
        return partition + "@" + firstOffset() + ".." + lastOffset() + (planned ? " (replayed plan)" : "");
    }
}
