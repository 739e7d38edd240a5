package bi.ingest.load;

import bi.ingest.load.RejectedRecord.Stage;
import bi.ingest.normalize.ErpRecord;
import bi.ingest.normalize.InvalidRecordException;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableSchema;
import bi.ingest.normalize.UnparseableRecordException;
import bi.ingest.streamload.LoadLabels;
import bi.ingest.streamload.StreamLoadProperties.Format;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a partition batch into one Stream Load per table plus the rejected records. Records that fail parsing or
 * validation are set aside with their reason; every other record's rows are kept, so a bad record never blocks
 * the partition.
 */
public class BatchNormalizer {

    private static final Logger LOG = LoggerFactory.getLogger(BatchNormalizer.class);

    private final Map<String, Flow> flows;
    private final LoadPathProperties props;
    private final Format format;
    private final Clock clock;

    public BatchNormalizer(List<Flow> flows, LoadPathProperties props, Format format, Clock clock) {
        this.flows = new LinkedHashMap<>();
        flows.forEach(f -> this.flows.put(f.name(), f));
        this.props = props;
        this.format = format;
        this.clock = clock;
    }

    public NormalizedBatch normalize(PartitionBatch batch) {
        String flowName = batch.flow();
        Flow flow = flows.get(flowName);
        if (flow == null) {
            throw new IllegalArgumentException("no flow named " + flowName + " (known: " + flows.keySet() + ")");
        }
        if (format == Format.CSV) {
            Map<TableSchema, RowsWriter> bodies = new LinkedHashMap<>();
            try {
                return normalize(batch, flow, bodies, CsvRows.Writer::new);
            } catch (CsvRows.NotCsvSafeException e) {
                bodies.values().forEach(RowsWriter::discard);
                LOG.info("batch {}/{}@{}-{} of flow {} is sent as JSON: {}", batch.partition().topic(), batch.partition().partition(),
                        batch.firstOffset(), batch.lastOffset(), flowName, e.getMessage());
            }
        }
        return normalize(batch, flow, new LinkedHashMap<>(), table -> new JsonRows.ArrayWriter());
    }

    private NormalizedBatch normalize(PartitionBatch batch, Flow flow, Map<TableSchema, RowsWriter> bodies,
                                      Function<TableSchema, RowsWriter> newBody) {
        String flowName = flow.name();
        List<RejectedRecord> rejects = new ArrayList<>();
        List<Row> rows = new ArrayList<>(8);
        java.util.function.Consumer<Row> addRow = rows::add; // once: a method reference per record was 1.5 % of the load threads
        HeaderTexts headers = new HeaderTexts();
        String dlqTopic = batch.partition().topic() + props.getDeadLetterSuffix();
        for (ConsumedRecord r : batch.records()) {
            try {
                checkSize(r);
                rows.clear();
                flow.normalizer().normalize(toErpRecord(flow, r, headers), addRow);
                write(rows, bodies, newBody);
            } catch (CsvRows.NotCsvSafeException e) {
                throw e; // not the record's fault: the whole batch is written again as JSON
            } catch (InvalidRecordException e) {
                Stage stage = e instanceof UnparseableRecordException ? Stage.PARSE : Stage.NORMALIZE;
                rejects.add(new RejectedRecord(r, dlqTopic, stage, e.getClass().getSimpleName(), e.getMessage(), clock.instant()));
            } catch (RuntimeException e) {
                // a mapper bug must not block the partition either: the record waits in the DLQ for the fix
                LOG.error("normalizer {} failed on {}/{}@{}", flowName, r.topic(), r.partition(), r.offset(), e);
                rejects.add(new RejectedRecord(r, dlqTopic, Stage.NORMALIZE, e.getClass().getName(), "normalizer failed: " + e,
                        clock.instant()));
            }
        }
        List<TableLoad> loads = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        bodies.forEach((table, body) -> {
            if (body.rows() == 0) {
                body.discard(); // only rows of records that were rejected after all
                return;
            }
            String label = LoadLabels.of(props.getLabelPrefix(), table.name(), batch.partition().topic(),
                    batch.partition().partition(), batch.firstOffset(), batch.lastOffset());
            loads.add(new TableLoad(table, label, body.finish(), body.rows(), batch));
            counts.put(table.name(), body.rows());
        });
        return new NormalizedBatch(batch, loads, rejects, counts);
    }

    /** A record's rows into the bodies of their tables, all or none: a row that cannot be written takes back the others. */
    private static void write(List<Row> rows, Map<TableSchema, RowsWriter> bodies, Function<TableSchema, RowsWriter> newBody) {
        bodies.values().forEach(RowsWriter::startRecord);
        try {
            for (Row row : rows) {
                bodies.computeIfAbsent(row.table(), newBody).add(row);
            }
        } catch (RuntimeException e) {
            bodies.values().forEach(RowsWriter::dropRecord);
            throw e;
        }
    }

    /** After the batch is committed: its bodies' memory goes to the next batches. */
    public void release(NormalizedBatch batch) {
        batch.loads().forEach(load -> load.body().release());
    }

    private void checkSize(ConsumedRecord r) {
        if (r.size() > props.getMaxRecordBytes()) {
            throw new UnparseableRecordException("record of " + r.size() + " bytes exceeds bi.load.max-record-bytes="
                    + props.getMaxRecordBytes());
        }
    }

    private static ErpRecord toErpRecord(Flow flow, ConsumedRecord r, HeaderTexts headers) {
        headers.read(r.headers());
        return new ErpRecord(flow.source(), flow.entity(), headers.account.of(headers.accountBytes), eventId(headers.eventIdBytes),
                r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers.pulledAt.of(headers.pulledAtBytes));
    }

    /** The event id header as a number, or null when it is absent or not one. */
    static Long eventId(byte[] id) {
        if (id == null) {
            return null;
        }
        int from = 0;
        int to = id.length;
        while (from < to && (id[from] & 0xFF) <= ' ') {
            from++;
        }
        while (to > from && (id[to - 1] & 0xFF) <= ' ') {
            to--;
        }
        if (to > from && to - from <= 19) { // digits only: read in place
            long v = 0;
            int i = from;
            while (i < to && id[i] >= '0' && id[i] <= '9' && v <= (Long.MAX_VALUE - (id[i] - '0')) / 10) {
                v = v * 10 + (id[i++] - '0');
            }
            if (i == to) {
                return v;
            }
        }
        try { // a sign, a number past Long's range or anything else: as Long.parseLong reads the text
            return Long.parseLong(new String(id, from, to - from, java.nio.charset.StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The record headers a row needs, read in one pass over a record's headers (a look-up per header, and a second
     * pass in any case for one that is absent, were 3 % of the load threads), and their values as text, decoded once
     * per run of records that carry the same bytes: a batch's records mostly come from one account, and a pulled
     * page's share their pull time (decoding each header was 2 % of the load threads). Names match in any case, as in
     * a Camel message; a header given twice counts with its last value.
     */
    private static final class HeaderTexts {
        final RepeatedText account = new RepeatedText();
        final RepeatedText pulledAt = new RepeatedText();
        byte[] accountBytes;
        byte[] eventIdBytes;
        byte[] pulledAtBytes;

        void read(org.apache.kafka.common.header.Headers headers) {
            accountBytes = null;
            eventIdBytes = null;
            pulledAtBytes = null;
            for (org.apache.kafka.common.header.Header h : headers) {
                String key = h.key();
                if (key.equalsIgnoreCase(LoadHeaders.ACCOUNT)) {
                    accountBytes = h.value();
                } else if (key.equalsIgnoreCase(LoadHeaders.EVENT_ID)) {
                    eventIdBytes = h.value();
                } else if (key.equalsIgnoreCase(LoadHeaders.PULLED_AT)) {
                    pulledAtBytes = h.value();
                }
            }
        }
    }

    private static final class RepeatedText {
        private byte[] bytes;
        private String text;

        String of(byte[] value) {
            if (value == null) {
                return null;
            }
            if (!java.util.Arrays.equals(value, bytes)) {
                bytes = value;
                text = new String(value, java.nio.charset.StandardCharsets.UTF_8);
            }
            return text;
        }
    }
}
