package bi.ingest.bench;

import bi.ingest.erp.leke.LekeEventNormalizer;
import bi.ingest.erp.leke.LekeProperties;
import bi.ingest.load.JsonRows;
import bi.ingest.normalize.ErpRecord;
import bi.ingest.normalize.JushuitanOrderMapper;
import bi.ingest.normalize.RecordNormalizer;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableCatalog;
import bi.ingest.normalize.TableSchema;
import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.OrderGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service's own per-order work on one thread, without Kafka or HTTP: parse and validate an order, build its
 * rows, and write them as Stream Load JSON bodies (per 10,000 orders, as a batch would). Arguments: orders=100000,
 * and leke to normalize Leke order events (1-3 lines, one payment) instead of Jushuitan orders.
 */
public final class NormalizeBenchmark {

    private NormalizeBenchmark() {
    }

    public static void main(String[] args) {
        int n = 100_000;
        boolean leke = false;
        for (String a : args) {
            if (a.startsWith("orders=")) {
                n = Integer.parseInt(a.substring("orders=".length()));
            }
            leke |= a.equals("leke");
        }
        RecordNormalizer mapper = leke
                ? new LekeEventNormalizer(new ObjectMapper(), TableCatalog.fromClasspath(), new LekeProperties())
                : new JushuitanOrderMapper(new ObjectMapper(), TableCatalog.fromClasspath(), Set.of());
        OrderGenerator gen = new OrderGenerator(1);
        byte[][] values = new byte[n][];
        long inBytes = 0;
        for (int i = 0; i < n; i++) {
            values[i] = leke
                    ? LekeFeed.json(LekeFeed.order("order.updated", "t-1", "LK" + i, "2026-11-24T10:15:02+08:00", "PAID", 1 + i % 3, 1))
                    : gen.json(gen.order(i, 0));
            inBytes += values[i].length;
        }
        System.out.printf("%s orders%n", leke ? "Leke" : "Jushuitan");
        for (int round = 1; round <= 5; round++) {
            long start = System.nanoTime();
            long outBytes = 0;
            long serializeNanos = 0;
            Map<TableSchema, List<Row>> batch = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                ErpRecord r = new ErpRecord("jushuitan", "orders", "bench", (long) i, "t", 0, i, "k", values[i], null);
                mapper.normalize(r, row -> batch.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row));
                if (i % 10_000 == 9_999 || i == n - 1) {
                    long s = System.nanoTime();
                    for (List<Row> rows : batch.values()) {
                        outBytes += JsonRows.toJsonArray(rows).length;
                    }
                    serializeNanos += System.nanoTime() - s;
                    batch.clear();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %,.0f orders/s on one thread (%.1f us/order, %.0f %% writing JSON), %d bytes in -> %d bytes of rows per order%n",
                    round, n / seconds, seconds * 1e6 / n, 100.0 * serializeNanos / 1e9 / seconds, inBytes / n, outBytes / n);
        }
    }
}
