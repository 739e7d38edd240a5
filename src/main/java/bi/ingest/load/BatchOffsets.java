package bi.ingest.load;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * Records a batch's offset range before it is loaded, and after every load of it succeeded moves the partition's
 * loaded watermark and commits the Kafka offset (synchronously, on the consumer thread that polled the batch).
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
        batch.consumer().commitSync(Map.of(batch.partition(), new OffsetAndMetadata(batch.commitThrough() + 1)));
    }
}
