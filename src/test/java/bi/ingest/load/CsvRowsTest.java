package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.normalize.JushuitanOrderMapper;
import bi.ingest.normalize.RawJson;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableCatalog;
import bi.ingest.normalize.TableSchema;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.streamload.LoadBody;
import bi.ingest.streamload.StreamLoadProperties.Format;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CsvRowsTest {

    private static final TableCatalog CATALOG = TableCatalog.fromClasspath();
    /** Characters that need care somewhere (JSON escapes, CSV with other separators, UTF-8 of 1 to 4 bytes). */
    private static final String ALPHABET = "aZ09 _-/:,;\"'\\\b\t\f\n\r\u0000\u0003\u001f\u007f\u0080\u00e9\u07ff\u0800"
            + "\u2028\ufeff\uffff\u5317\u4eac\u5e02\uff0c";
    private static final String[] PAIRS = {"\ud83d\ude00", "\ud800\udc00", "\udbff\udfff"};
    private static final RandomValues VALUES = new RandomValues(ALPHABET, PAIRS,
            random -> ("{\"k\":\"" + random.nextInt() + "\\u0001\",\"n\":[1,2.50]}").getBytes(StandardCharsets.UTF_8));

    @Test
    void rowsAreTheirValuesAsTextSeparatedBy0x01AndEndedBy0x02() {
        Random random = new Random(20261201);
        for (String name : CATALOG.names()) {
            TableSchema table = CATALOG.table(name);
            List<Row> rows = new ArrayList<>();
            CsvRows.Writer body = new CsvRows.Writer(table);
            for (int n = 0; n < 2_000; n++) {
                Object[] values = new Object[table.columns().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = VALUES.of(table.columns().get(i), random);
                }
                Row row = new Row(table, values);
                rows.add(row);
                body.add(row);
            }
            LoadBody loaded = body.finish();

            assertThat(loaded.toByteArray()).as(name).isEqualTo(reference(rows));
            assertThat(loaded.formatHeaders()).containsEntry("format", "csv").containsEntry("column_separator", "\\x01")
                    .containsEntry("row_delimiter", "\\x02")
                    .containsEntry("columns", table.columns().stream().map(c -> "`" + c.name() + "`").collect(Collectors.joining(",")));
            loaded.release();
        }
    }

    @Test
    void valuesCsvCannotCarryAreRefusedNamingTheColumn() {
        TableSchema orders = CATALOG.table("erp_order");
        CsvRows.Writer body = new CsvRows.Writer(orders);
        for (String unsafe : List.of("\\N", "before\u0001after", "ends in \u0002")) {
            body.startRecord();
            assertThatThrownBy(() -> body.add(row(orders, unsafe)))
                    .isInstanceOf(CsvRows.NotCsvSafeException.class).hasMessageContaining("erp_order.remark");
            body.dropRecord();
        }
        // text that merely contains a backslash and N, and other control characters, are fine
        for (String safe : List.of("\\N ", "x\\N", "\\n", "tab\there", "line\nbreak", "\u0000\u0003")) {
            body.add(row(orders, safe));
        }
        assertThat(body.rows()).isEqualTo(6);
        body.discard();
    }

    @Test
    void aBatchWithAValueCsvCannotCarryIsWrittenAsJsonWithTheSameRows() throws Exception {
        JushuitanOrderMapper mapper = new JushuitanOrderMapper(CATALOG, Set.of());
        Flow flow = new Flow("jushuitan-orders", "jushuitan", "orders", mapper);
        BatchNormalizer csv = new BatchNormalizer(List.of(flow), new LoadPathProperties(), Format.CSV, Clock.systemUTC());
        BatchNormalizer json = new BatchNormalizer(List.of(flow), new LoadPathProperties(), Format.JSON, Clock.systemUTC());
        OrderGenerator gen = new OrderGenerator(5_000_000);
        List<byte[]> safe = new ArrayList<>();
        List<byte[]> oneUnsafe = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            Map<String, Object> order = gen.order(n, 0);
            safe.add(gen.json(order));
            if (n == 31) {
                order.put("buyer_message", "a control character \u0001 in a buyer's message");
            }
            oneUnsafe.add(gen.json(order));
        }

        NormalizedBatch asCsv = csv.normalize(batch(safe));
        NormalizedBatch fellBack = csv.normalize(batch(oneUnsafe));
        NormalizedBatch asJson = json.normalize(batch(oneUnsafe));

        assertThat(asCsv.loads()).allSatisfy(l -> assertThat(l.body().formatHeaders()).containsEntry("format", "csv"));
        assertThat(fellBack.loads()).allSatisfy(l -> assertThat(l.body().formatHeaders()).containsEntry("format", "json"));
        assertThat(fellBack.rejects()).isEmpty();
        assertThat(fellBack.loads()).hasSameSizeAs(asJson.loads());
        for (int i = 0; i < asJson.loads().size(); i++) {
            TableLoad a = fellBack.loads().get(i);
            TableLoad b = asJson.loads().get(i);
            assertThat(a.label()).isEqualTo(b.label());
            assertThat(a.rows()).isEqualTo(b.rows());
            assertThat(a.body().toByteArray()).isEqualTo(b.body().toByteArray());
        }
        assertThat(asCsv.loads().stream().mapToLong(l -> l.body().length()).sum())
                .as("CSV bodies are smaller").isLessThan(asJson.loads().stream().mapToLong(l -> l.body().length()).sum() * 3 / 4);
        List.of(asCsv, fellBack, asJson).forEach(csv::release);
    }

    private static PartitionBatch batch(List<byte[]> values) {
        List<ConsumedRecord> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(new ConsumedRecord("csv.orders", 0, i, "k" + i, values.get(i), new RecordHeaders()
                    .add(LoadHeaders.ACCOUNT, "csv-test".getBytes(StandardCharsets.UTF_8))
                    .add(LoadHeaders.EVENT_ID, Long.toString(9_000_000L + i).getBytes(StandardCharsets.UTF_8))));
        }
        return new PartitionBatch("jushuitan-orders", new TopicPartition("csv.orders", 0), records, false, values.size() - 1, null);
    }

    private static Row row(TableSchema table, String remark) {
        Object[] values = new Object[table.columns().size()];
        values[table.indexOf("o_id")] = 7L;
        values[table.indexOf("remark")] = remark;
        return new Row(table, values);
    }

    /** The reference, written the slow and obvious way: each value's text, UTF-8 encoded by the JDK. */
    private static byte[] reference(List<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Row row : rows) {
            List<String> fields = new ArrayList<>();
            for (Object v : row.values()) {
                fields.add(v == null ? "\\N"
                        : v instanceof BigDecimal d ? d.toPlainString()
                        : v instanceof RawJson raw ? new String(raw.utf8(), StandardCharsets.UTF_8)
                        : v instanceof Boolean b ? (b ? "1" : "0")
                        : v.toString());
            }
            out.writeBytes((String.join("\u0001", fields) + "\u0002").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
