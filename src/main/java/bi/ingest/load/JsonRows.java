package bi.ingest.load;

import bi.ingest.normalize.Column;
import bi.ingest.normalize.Row;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/** Rows as the Stream Load body the spec recommends: one JSON array, one object per row, keys = column names. */
public final class JsonRows {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private JsonRows() {
    }

    public static byte[] toJsonArray(List<Row> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (Row row : rows) {
                writeRow(g, row);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRow(JsonGenerator g, Row row) throws IOException {
        List<Column> columns = row.table().columns();
        Object[] values = row.values();
        g.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            g.writeFieldName(columns.get(i).name());
            Object v = values[i];
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
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else {
                g.writeString(v.toString());
            }
        }
        g.writeEndObject();
    }
}
