package bi.ingest.bench;

import bi.ingest.erp.leke.LekeEventNormalizer;
import bi.ingest.erp.leke.LekeProperties;
import bi.ingest.load.BatchNormalizer;
import bi.ingest.load.ConsumedRecord;
import bi.ingest.load.Flow;
import bi.ingest.load.LoadHeaders;
import bi.ingest.load.LoadPathProperties;
import bi.ingest.load.NormalizedBatch;
import bi.ingest.load.PartitionBatch;
import bi.ingest.normalize.ErpRecord;
import bi.ingest.normalize.JushuitanOrderMapper;
import bi.ingest.normalize.RecordNormalizer;
import bi.ingest.normalize.TableCatalog;
import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.streamload.StreamLoadProperties.Format;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The service's own per-order work on one thread, without Kafka or HTTP: the load route's {@link BatchNormalizer} on
 * batches of 10,000 records (parse and validate each order, build its rows, write them into the Stream Load bodies
 * of their tables). A pass that only parses and builds rows tells how much of it is writing the bodies. Arguments:
 * orders=100000, format=csv (or json: the bodies' format), and leke to normalize Leke order events (1-3 lines, one
 * payment) instead of Jushuitan orders.
 */
public final class NormalizeBenchmark {

    private static final int BATCH = 10_000;

    private NormalizeBenchmark() {
    }

    public static void main(String[] args) {
        int n = 100_000;
        boolean leke = false;
        Format format = Format.CSV;
        for (String a : args) {
            if (a.startsWith("format=")) {
                format = Format.valueOf(a.substring("format=".length()).toUpperCase(java.util.Locale.ROOT));
            }
            if (a.startsWith("orders=")) {
                n = Integer.parseInt(a.substring("orders=".length()));
            }
            leke |= a.equals("leke");
        }
        RecordNormalizer mapper = leke
                ? new LekeEventNormalizer(TableCatalog.fromClasspath(), new LekeProperties())
                : new JushuitanOrderMapper(TableCatalog.fromClasspath(), Set.of());
        OrderGenerator gen = new OrderGenerator(1);
        byte[][] values = new byte[n][];
        long inBytes = 0;
        for (int i = 0; i < n; i++) {
            values[i] = leke
                    ? LekeFeed.json(LekeFeed.order("order.updated", "t-1", "LK" + i, "2026-11-24T10:15:02+08:00", "PAID", 1 + i % 3, 1))
                    : gen.json(gen.order(i, 0));
            inBytes += values[i].length;
        }
        String flowName = leke ? "leke" : "jushuitan-orders";
        BatchNormalizer batches = new BatchNormalizer(List.of(new Flow(flowName, leke ? "leke" : "jushuitan", "orders", mapper)),
                new LoadPathProperties(), format, Clock.systemUTC());
        List<PartitionBatch> input = new ArrayList<>();
        for (int from = 0; from < n; from += BATCH) {
            List<ConsumedRecord> records = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                records.add(new ConsumedRecord("bench.orders", 0, i, "k" + i, values[i], new RecordHeaders()
                        .add(LoadHeaders.ACCOUNT, "bench".getBytes(StandardCharsets.UTF_8))
                        .add(LoadHeaders.EVENT_ID, Long.toString(7_000_000_000_000L + i).getBytes(StandardCharsets.UTF_8))));
            }
            input.add(new PartitionBatch(flowName, new TopicPartition("bench.orders", 0), records, false, from + records.size() - 1, null));
        }
        System.out.printf("%s orders, batches of %,d as the load route cuts them, %s bodies%n", leke ? "Leke" : "Jushuitan", BATCH, format);
        for (int round = 1; round <= 5; round++) {
            // parse, validate and build rows only
            long start = System.nanoTime();
            long rowCount = 0;
            for (PartitionBatch batch : input) {
                for (ConsumedRecord r : batch.records()) {
                    long[] count = {0};
                    mapper.normalize(new ErpRecord("jushuitan", "orders", "bench", r.offset(), "t", 0, r.offset(), r.key(), r.value(), null),
                            row -> count[0]++);
                    rowCount += count[0];
                }
            }
            double mapSeconds = (System.nanoTime() - start) / 1e9;
            // what a consumer thread does with a batch: the same, plus the Stream Load bodies of every table
            start = System.nanoTime();
            long outBytes = 0;
            for (PartitionBatch batch : input) {
                NormalizedBatch normalized = batches.normalize(batch);
                if (!normalized.rejects().isEmpty()) {
                    throw new IllegalStateException("rejected: " + normalized.rejects().get(0));
                }
                outBytes += normalized.loads().stream().mapToLong(l -> l.body().length()).sum();
                batches.release(normalized);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %,.0f orders/s on one thread (%.1f us/order, %.0f %% writing the bodies), %d bytes in -> %d bytes of %d rows per order%n",
                    round, n / seconds, seconds * 1e6 / n, 100.0 * Math.max(0, seconds - mapSeconds) / seconds, inBytes / n, outBytes / n, rowCount / n);
        }
    }
}
