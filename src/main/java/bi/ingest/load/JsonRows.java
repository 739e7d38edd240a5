package bi.ingest.load;

import bi.ingest.normalize.Column;
import bi.ingest.normalize.InvalidRecordException;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableSchema;
import bi.ingest.streamload.LoadBody;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows as a JSON Stream Load body: one JSON array, one object per row, keys = column names.
 *
 * <p>Written by hand straight into UTF-8 bytes, byte for byte what Jackson's generator writes (a test holds them
 * together): a generic generator spent more than half of the service's per-order CPU here, on per-field state
 * checks and buffer copies, while the shape of a row is fixed by its table.
 */
public final class JsonRows {

    /** Per table: {@code {"col0":} and {@code ,"colN":} as bytes, encoded once. */
    private static final Map<TableSchema, byte[][]> KEYS = new ConcurrentHashMap<>();

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** 0 = written as it is; otherwise the character after the backslash ('u' = six-character escape). */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\f'] = 'f';
        ESCAPE['\n'] = 'n';
        ESCAPE['\r'] = 'r';
    }

    private JsonRows() {
    }

    public static byte[] toJsonArray(List<Row> rows) {
        ArrayWriter writer = new ArrayWriter();
        rows.forEach(writer::add);
        return writer.finish().toByteArray();
    }

    private static byte[][] keysOf(TableSchema table) {
        return KEYS.computeIfAbsent(table, t -> {
            List<Column> columns = t.columns();
            byte[][] keys = new byte[columns.size()][];
            for (int i = 0; i < keys.length; i++) {
                ArrayWriter w = new ArrayWriter(columns.get(i).name().length() * 6 + 8); // never needs a second chunk
                w.put((byte) (i == 0 ? '{' : ','));
                w.text(columns.get(i).name(), t, i);
                w.put((byte) ':');
                keys[i] = w.written();
            }
            return keys;
        });
    }

    /** Rows as a JSON array: {@code [{"col":value,...},...]}, read by StarRocks with {@code strip_outer_array}. */
    public static final class ArrayWriter extends RowsWriter {
        private TableSchema lastTable;
        private byte[][] lastKeys;

        public ArrayWriter() {
            buf[size++] = '[';
            startRecord();
        }

        /** A scratch writer of one piece of JSON (a column's key), not an array. */
        private ArrayWriter(int capacity) {
            super(capacity);
        }

        @Override
        public void add(Row row) {
            TableSchema table = row.table();
            if (table != lastTable) {
                lastKeys = keysOf(table);
                lastTable = table;
            }
            byte[][] keys = lastKeys;
            Object[] values = row.values();
            if (rows > 0) {
                put((byte) ',');
            }
            for (int i = 0; i < values.length; i++) {
                put(keys[i]);
                value(values[i], table, i);
            }
            put((byte) '}');
            rows++;
        }

        @Override
        protected void end() {
            put((byte) ']');
        }

        @Override
        protected Map<String, String> formatHeaders() {
            return LoadBody.JSON_ARRAY;
        }

        @Override
        protected void nullValue() {
            ascii("null");
        }

        @Override
        protected void bool(boolean b) {
            ascii(b ? "true" : "false");
        }

        /** A JSON string in UTF-8, escaped as Jackson does it: the two-character forms where JSON has them. */
        @Override
        protected void text(String s, TableSchema table, int column) {
            int n = s.length();
            ensure(n * 6 + 2); // the longest form of one char is a six-byte escape
            byte[] b = buf;
            int at = size;
            b[at++] = '"';
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    byte e = ESCAPE[c];
                    if (e == 0) {
                        b[at++] = (byte) c;
                    } else if (e != 'u') {
                        b[at++] = '\\';
                        b[at++] = e;
                    } else {
                        b[at++] = '\\';
                        b[at++] = 'u';
                        b[at++] = '0';
                        b[at++] = '0';
                        b[at++] = HEX[c >> 4];
                        b[at++] = HEX[c & 0xF];
                    }
                } else if (!Character.isSurrogate(c)) {
                    at = utf8(b, at, c);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    // as Jackson writes a pair (e.g. an emoji): two escapes, which StarRocks reads back as one character
                    at = unicodeEscape(b, at, c);
                    at = unicodeEscape(b, at, s.charAt(++i));
                } else {
                    throw new InvalidRecordException(table.name() + "." + table.columns().get(column).name()
                            + " holds an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c).toUpperCase()
                            + " at character " + i + "), which has no UTF-8 form");
                }
            }
            b[at++] = '"';
            size = at;
        }

        private static int unicodeEscape(byte[] b, int at, char c) {
            b[at++] = '\\';
            b[at++] = 'u';
            b[at++] = HEX[c >> 12];
            b[at++] = HEX[(c >> 8) & 0xF];
            b[at++] = HEX[(c >> 4) & 0xF];
            b[at++] = HEX[c & 0xF];
            return at;
        }
    }
}
