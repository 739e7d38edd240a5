package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.normalize.InvalidRecordException;
import bi.ingest.normalize.RawJson;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableCatalog;
import bi.ingest.normalize.TableSchema;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonRowsTest {

    private static final TableCatalog CATALOG = TableCatalog.fromClasspath();
    /** Characters that JSON escapes, that UTF-8 writes in 1 to 4 bytes, and the edges between them. */
    private static final String ALPHABET = "aZ09 _-/:\"\\\b\t\f\n\r\u0000\u0001\u001f\u007f\u0080\u009f\u00e9\u07ff\u0800"
            + "\u2028\u2029\ufeff\uffff\u5317\u4eac\u5e02\u9648\u6d69\uff0c";
    private static final String[] PAIRS = {"\ud83d\ude00", "\ud800\udc00", "\udbff\udfff", "\ud842\udfb7"};
    private static final RandomValues VALUES = new RandomValues(ALPHABET, PAIRS, JsonRowsTest::rawJson);

    @Test
    void rowsAreWrittenByteForByteAsJacksonsGeneratorWritesThem() throws IOException {
        Random random = new Random(20261201);
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < 3_000; n++) {
            for (String name : CATALOG.names()) {
                TableSchema table = CATALOG.table(name);
                Object[] values = new Object[table.columns().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = VALUES.of(table.columns().get(i), random);
                }
                rows.add(new Row(table, values));
            }
        }

        byte[] ours = JsonRows.toJsonArray(rows);

        assertThat(ours).isEqualTo(jackson(rows));
        JsonNode parsed = new ObjectMapper().readTree(ours);
        assertThat(parsed.size()).isEqualTo(rows.size());
    }

    @Test
    void anEmptyBodyIsAnEmptyArray() {
        assertThat(new String(JsonRows.toJsonArray(List.of()), StandardCharsets.UTF_8)).isEqualTo("[]");
    }

    @Test
    void anUnpairedSurrogateIsRefusedAndTheRecordsRowsAreTakenBack() throws IOException {
        TableSchema orders = CATALOG.table("erp_order");
        Row good = row(orders, "a 好 remark");
        JsonRows.ArrayWriter body = new JsonRows.ArrayWriter();
        body.add(good);

        body.startRecord();
        body.add(good);
        assertThatThrownBy(() -> body.add(row(orders, "broken \ud800 here")))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("erp_order.remark")
                .hasMessageContaining("unpaired UTF-16 surrogate");
        body.dropRecord();
        assertThatThrownBy(() -> body.add(row(orders, "ends in half a pair \udbff")))
                .isInstanceOf(InvalidRecordException.class);
        body.dropRecord();

        assertThat(body.rows()).isEqualTo(1);
        assertThat(body.finish().toByteArray()).isEqualTo(jackson(List.of(good)));
    }

    @Test
    void recordsTakenBackAcrossChunkBoundariesLeaveExactlyTheKeptRows() throws IOException {
        TableSchema orders = CATALOG.table("erp_order");
        JsonRows.ArrayWriter body = new JsonRows.ArrayWriter();
        List<Row> kept = new ArrayList<>();
        for (int n = 0; n < 12_000; n++) { // enough rows for more than four chunks
            Row good = row(orders, "第" + n + "条 " + "备注".repeat(n % 60));
            body.startRecord();
            body.add(good);
            if (n % 3 == 0) {
                // a record whose second row cannot be written: the first one goes too, wherever the chunk ends
                Row broken = row(orders, "x".repeat(n % 500) + "\udc00");
                assertThatThrownBy(() -> body.add(broken)).isInstanceOf(InvalidRecordException.class);
                body.dropRecord();
            } else {
                kept.add(good);
            }
        }
        bi.ingest.streamload.LoadBody loaded = body.finish();

        assertThat(loaded.length()).isGreaterThan(4L * bi.ingest.streamload.BodyChunks.SIZE);
        assertThat(loaded.toByteArray()).isEqualTo(jackson(kept));
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        loaded.entity().writeTo(sent);
        loaded.entity().writeTo(sent); // repeatable: a 307 sends it again
        assertThat(sent.size()).isEqualTo(2 * loaded.length());
        assertThat(loaded.entity().getContent().readAllBytes()).isEqualTo(jackson(kept));
        loaded.release();
        assertThatThrownBy(() -> loaded.entity().writeTo(new java.io.ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
    }

    @Test
    void aCallersArrayIsNeverHandedOutAsAChunk() {
        byte[] callers = new byte[bi.ingest.streamload.BodyChunks.SIZE];
        bi.ingest.streamload.LoadBody.ofJsonArray(callers).release();
        List<byte[]> idle = new ArrayList<>();
        for (int i = bi.ingest.streamload.BodyChunks.idle(); i >= 0; i--) {
            idle.add(bi.ingest.streamload.BodyChunks.take(bi.ingest.streamload.BodyChunks.SIZE));
        }
        assertThat(idle).noneMatch(chunk -> chunk == callers);
        idle.forEach(bi.ingest.streamload.BodyChunks::release);
    }

    private static Row row(TableSchema table, String remark) {
        Object[] values = new Object[table.columns().size()];
        values[table.indexOf("o_id")] = 7L;
        values[table.indexOf("remark")] = remark;
        return new Row(table, values);
    }


    private static byte[] rawJson(Random random) {
        try {
            return new ObjectMapper().writeValueAsBytes(java.util.Map.of("k", VALUES.text(random), "n", List.of(1, new BigDecimal("2.50"))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reference: Jackson's generator as the service used it, plain decimals and raw JSON values. */
    private static byte[] jackson(List<Row> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build().createGenerator(out)) {
            g.writeStartArray();
            for (Row row : rows) {
                g.writeStartObject();
                for (int i = 0; i < row.values().length; i++) {
                    g.writeFieldName(row.table().columns().get(i).name());
                    Object v = row.values()[i];
                    if (v == null) {
                        g.writeNull();
                    } else if (v instanceof String s) {
                        g.writeString(s);
                    } else if (v instanceof Long l) {
                        g.writeNumber(l);
                    } else if (v instanceof Integer n) {
                        g.writeNumber(n);
                    } else if (v instanceof BigDecimal d) {
                        g.writeNumber(d);
                    } else if (v instanceof RawJson raw) {
                        g.writeRawValue(new String(raw.utf8(), StandardCharsets.UTF_8));
                    } else if (v instanceof Boolean b) {
                        g.writeBoolean(b);
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }
}
