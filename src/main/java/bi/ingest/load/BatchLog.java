package bi.ingest.load;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One INFO line per committed partition batch, and the record counters behind it. */
public class BatchLog {

    private static final Logger LOG = LoggerFactory.getLogger("bi.ingest.load.batches");

    private final MeterRegistry meters;
    private final LoadPathStats stats;
    private final LoadProgress progress;

    public BatchLog(MeterRegistry meters, LoadPathStats stats, LoadProgress progress) {
        this.meters = meters;
        this.stats = stats;
        this.progress = progress;
    }

    public void committed(NormalizedBatch b) {
        PartitionBatch batch = b.batch();
        Counter.builder("bi.load.records").tag("topic", batch.partition().topic()).tag("outcome", "loaded")
                .register(meters).increment(batch.size() - b.rejects().size());
        if (!b.rejects().isEmpty()) {
            Counter.builder("bi.load.records").tag("topic", batch.partition().topic()).tag("outcome", "dead-lettered")
                    .register(meters).increment(b.rejects().size());
        }
        for (RejectedRecord r : b.rejects()) {
            Counter.builder("bi.load.dead.letters").description("records parked in a dead-letter topic, by reason")
                    .tag("topic", batch.partition().topic()).tag("reason", reasonKind(r.reason())).register(meters).increment();
        }
        stats.committed(b);
        progress.committed(batch.flow());
        LOG.info("batch committed topic={} partition={} offsets={}..{} records={} dead_lettered={} rows={}{}",
                batch.partition().topic(), batch.partition().partition(), batch.firstOffset(), batch.lastOffset(),
                batch.size(), b.rejects().size(), b.rowsPerTable(), batch.planned() ? " replayed_plan=true" : "");
    }

    /**
     * A reason without its values, so the metric has few series: quoted text and numbers are blanked and the detail
     * after ':' or ' (' is dropped ({@code unknown schema_version n of stock.changed}, {@code malformed JSON}).
     */
    static String reasonKind(String reason) {
        String kind = String.valueOf(reason).replaceAll("\"[^\"]*\"", "\"…\"").replaceAll("\\d+", "n");
        int cut = kind.length();
        for (String end : new String[] {": ", " ("}) {
            int i = kind.indexOf(end);
            if (i > 0) {
                cut = Math.min(cut, i);
            }
        }
        kind = kind.substring(0, cut);
        return kind.length() <= 80 ? kind : kind.substring(0, 80);
    }
}
