package bi.ingest.load;

import bi.ingest.normalize.Column;
import bi.ingest.normalize.InvalidRecordException;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Rows as a CSV Stream Load body: values as text, {@code \N} for NULL, fields separated by byte 0x01 and rows ended
 * by byte 0x02, the columns named in the {@code columns} header (so the table's own column order does not matter).
 *
 * <p>About 40 % fewer bytes than the JSON array (no key per value, no quotes or escapes) to write, hold, send and
 * parse. No text can stand for those two bytes or for NULL without an escape rule, so a value that holds byte 0x01
 * or 0x02, or is the two characters {@code \N}, cannot be written here: {@link NotCsvSafeException} says so, and the
 * batch is written as JSON instead. A JSON document (a raw event's payload) never holds them: they are control
 * characters, which valid JSON has only as escapes.
 */
public final class CsvRows {

    public static final byte FIELD_SEPARATOR = 0x01;
    public static final byte ROW_DELIMITER = 0x02;

    /** Per table: the format headers, with its columns in order. */
    private static final Map<TableSchema, Map<String, String>> HEADERS = new ConcurrentHashMap<>();

    private CsvRows() {
    }

    static Map<String, String> headersOf(TableSchema table) {
        return HEADERS.computeIfAbsent(table, t -> {
            Map<String, String> h = new LinkedHashMap<>();
            h.put("format", "csv");
            h.put("column_separator", "\\x01");
            h.put("row_delimiter", "\\x02");
            h.put("columns", t.columns().stream().map(c -> "`" + c.name() + "`").collect(Collectors.joining(",")));
            return Map.copyOf(h);
        });
    }

    /** A value CSV cannot carry; the batch is written as JSON. */
    public static final class NotCsvSafeException extends RuntimeException {
        NotCsvSafeException(String message) {
            super(message, null, false, false);
        }
    }

    /** One table's rows of a batch. */
    public static final class Writer extends RowsWriter {
        private static final byte[] NULL = {'\\', 'N'};

        private final TableSchema table;

        public Writer(TableSchema table) {
            this.table = table;
            startRecord();
        }

        @Override
        public void add(Row row) {
            if (row.table() != table) {
                throw new IllegalArgumentException("a row of " + row.table().name() + " in the body of " + table.name());
            }
            Object[] values = row.values();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    put(FIELD_SEPARATOR);
                }
                value(values[i], table, i);
            }
            put(ROW_DELIMITER);
            rows++;
        }

        @Override
        protected void end() {
            // every row ends with its delimiter already
        }

        @Override
        protected Map<String, String> formatHeaders() {
            return headersOf(table);
        }

        @Override
        protected void nullValue() {
            put(NULL);
        }

        @Override
        protected void bool(boolean b) {
            put((byte) (b ? '1' : '0'));
        }

        /** A text value in UTF-8, as it is. */
        @Override
        protected void text(String s, TableSchema table, int column) {
            int n = s.length();
            if (n == 2 && s.charAt(0) == '\\' && s.charAt(1) == 'N') {
                throw notSafe(column, "is the two characters \\N, which CSV reads as NULL");
            }
            ensure(n * 3); // the longest form of one char is three bytes (a surrogate pair: four for two chars)
            byte[] b = buf;
            int at = size;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    if (c == FIELD_SEPARATOR || c == ROW_DELIMITER) {
                        throw notSafe(column, "holds the control character \\u000" + (int) c + " (character " + i + ")");
                    }
                    b[at++] = (byte) c;
                } else if (!Character.isSurrogate(c)) {
                    at = utf8(b, at, c);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[at++] = (byte) (0xF0 | (cp >> 18));
                    b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    throw new InvalidRecordException(table.name() + "." + table.columns().get(column).name()
                            + " holds an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c).toUpperCase()
                            + " at character " + i + "), which has no UTF-8 form");
                }
            }
            size = at;
        }

        private NotCsvSafeException notSafe(int column, String why) {
            Column c = table.columns().get(column);
            return new NotCsvSafeException(table.name() + "." + c.name() + " " + why);
        }
    }
}
