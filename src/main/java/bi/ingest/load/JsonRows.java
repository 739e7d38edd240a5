package bi.ingest.load;

import bi.ingest.normalize.RawJson;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableSchema;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Rows as the Stream Load body the spec recommends: one JSON array, one object per row, keys = column names. */
public final class JsonRows {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Column names encoded once per table: most of a row's bytes are its keys. */
    private static final Map<TableSchema, SerializedString[]> NAMES = new ConcurrentHashMap<>();

    private JsonRows() {
    }

    private static SerializedString[] encodedNames(TableSchema table) {
        return table.columns().stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
    }

    public static byte[] toJsonArray(List<Row> rows) {
        ArrayWriter writer = new ArrayWriter();
        rows.forEach(writer::add);
        return writer.finish();
    }

    /**
     * One table's body, written row by row as the rows are made: a batch then keeps only bytes alive, not its rows,
     * which keeps young garbage collections cheap (they copy what is alive).
     */
    public static final class ArrayWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        private final JsonGenerator generator;
        private int rows;

        public ArrayWriter() {
            try {
                generator = FACTORY.createGenerator(out);
                generator.writeStartArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void add(Row row) {
            try {
                writeRow(generator, row);
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int rows() {
            return rows;
        }

        public byte[] finish() {
            try {
                generator.writeEndArray();
                generator.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    private static void writeRow(JsonGenerator g, Row row) throws IOException {
        SerializedString[] names = NAMES.computeIfAbsent(row.table(), JsonRows::encodedNames);
        Object[] values = row.values();
        g.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            g.writeFieldName(names[i]);
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
            } else if (v instanceof RawJson raw) {
                g.writeRawValue(new RawUtf8(raw.utf8()));
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else {
                g.writeString(v.toString());
            }
        }
        g.writeEndObject();
    }

    /** Hands already-encoded JSON bytes to the generator unchanged (Jackson only asks for the unquoted bytes). */
    private record RawUtf8(byte[] bytes) implements SerializableString {
        @Override public String getValue() { return new String(bytes, StandardCharsets.UTF_8); }
        @Override public int charLength() { return getValue().length(); }
        @Override public char[] asQuotedChars() { throw new UnsupportedOperationException(); }
        @Override public byte[] asUnquotedUTF8() { return bytes; }
        @Override public byte[] asQuotedUTF8() { throw new UnsupportedOperationException(); }
        @Override public int appendQuotedUTF8(byte[] buffer, int offset) { return -1; }
        @Override public int appendQuoted(char[] buffer, int offset) { return -1; }
        @Override public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }
        @Override public int appendUnquoted(char[] buffer, int offset) { return -1; }
        @Override public int writeQuotedUTF8(OutputStream out) { throw new UnsupportedOperationException(); }
        @Override public int writeUnquotedUTF8(OutputStream out) throws java.io.IOException { out.write(bytes); return bytes.length; }
        @Override public int putQuotedUTF8(ByteBuffer buffer) { return -1; }
        @Override public int putUnquotedUTF8(ByteBuffer out) {
            if (bytes.length > out.remaining()) {
                return -1;
            }
            out.put(bytes);
            return bytes.length;
        }
    }
}
