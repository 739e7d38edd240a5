package bi.ingest.load;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One INFO line per committed partition batch, and the record counters behind it. */
public class BatchLog {

    private static final Logger LOG = LoggerFactory.getLogger("bi.ingest.load.batches");

    private final MeterRegistry meters;

    public BatchLog(MeterRegistry meters) {
        this.meters = meters;
    }

    public void committed(NormalizedBatch b) {
        PartitionBatch batch = b.batch();
        Counter.builder("bi.load.records").tag("topic", batch.partition().topic()).tag("outcome", "loaded")
                .register(meters).increment(batch.size() - b.rejects().size());
        if (!b.rejects().isEmpty()) {
            Counter.builder("bi.load.records").tag("topic", batch.partition().topic()).tag("outcome", "dead-lettered")
                    .register(meters).increment(b.rejects().size());
        }
        LOG.info("batch committed topic={} partition={} offsets={}..{} records={} dead_lettered={} rows={}{}",
                batch.partition().topic(), batch.partition().partition(), batch.firstOffset(), batch.lastOffset(),
                batch.size(), b.rejects().size(), b.rowsPerTable(), batch.planned() ? " replayed_plan=true" : "");
    }
}
