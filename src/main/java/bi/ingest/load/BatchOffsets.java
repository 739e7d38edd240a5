package bi.ingest.load;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Records a batch's offset range before it is loaded, and after every load of it succeeded moves the partition's
 * loaded watermark and commits the Kafka offset (synchronously, while the consumer thread that polled the batch waits
 * for its partitions to be loaded).
 */
public class BatchOffsets {

    private final PartitionStateStore states;
    private final LoadPathGuard guard;

    public BatchOffsets(PartitionStateStore states, LoadPathGuard guard) {
        this.states = states;
        this.guard = guard;
    }

    public void recordPlan(NormalizedBatch normalized) {
        PartitionBatch batch = normalized.batch();
        if (!batch.planned() && !batch.isEmpty()) {
            states.recordPlan(batch.flow(), batch.partition(), new OffsetPlan(batch.firstOffset(), batch.lastOffset()));
        }
    }

    public void commit(NormalizedBatch normalized, Exchange exchange) {
        guard.checkNotHalted(exchange.getFromRouteId());
        PartitionBatch batch = normalized.batch();
        if (!batch.isEmpty()) {
            states.markLoaded(batch.flow(), batch.partition(), batch.lastOffset());
        }
        // partitions of one poll commit from the threads that loaded them, while the polling thread waits for them all;
        // a KafkaConsumer refuses two callers at once, so they take turns
        synchronized (batch.consumer()) {
            batch.consumer().commitSync(Map.of(batch.partition(), new OffsetAndMetadata(batch.commitThrough() + 1)));
        }
    }
}
