package bi.ingest.load;

import bi.ingest.normalize.Column;
import bi.ingest.normalize.InvalidRecordException;
import bi.ingest.normalize.RawJson;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableSchema;
import bi.ingest.streamload.BodyChunks;
import bi.ingest.streamload.LoadBody;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows as the Stream Load body the spec recommends: one JSON array, one object per row, keys = column names.
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
                w.string(columns.get(i).name(), t, i);
                w.put((byte) ':');
                keys[i] = Arrays.copyOf(w.buf, w.size);
            }
            return keys;
        });
    }

    /**
     * One table's body, written row by row as the rows are made: a batch then keeps only bytes alive, not its rows,
     * which keeps young garbage collections cheap (they copy what is alive).
     */
    public static final class ArrayWriter {
        /** Full chunks before the current one, and how many bytes of each are used. */
        private final List<byte[]> sealed = new ArrayList<>();
        private int[] sealedLengths = new int[16];
        private byte[] buf;
        private int size;
        private int rows;
        private int recordStartChunks;
        private int recordStartSize;
        private int recordStartRows;
        private TableSchema lastTable;
        private byte[][] lastKeys;

        public ArrayWriter() {
            buf = BodyChunks.take(BodyChunks.SIZE);
            buf[size++] = '[';
            recordStartSize = size;
        }

        /** A scratch writer of one piece of JSON (a column's key), not an array. */
        private ArrayWriter(int capacity) {
            buf = new byte[capacity];
        }

        /**
         * Appends one row.
         * @throws InvalidRecordException when a text value is not valid Unicode (an unpaired surrogate); the body
         *         may then hold part of the row: {@link #dropRecord()} takes it back
         */
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

        public int rows() {
            return rows;
        }

        /** Starts a record: its rows, written next, can be taken back together with {@link #dropRecord()}. */
        public void startRecord() {
            recordStartChunks = sealed.size();
            recordStartSize = size;
            recordStartRows = rows;
        }

        /** Takes back what was written since {@link #startRecord()} (or since the start). */
        public void dropRecord() {
            if (sealed.size() > recordStartChunks) {
                BodyChunks.release(buf);
                while (sealed.size() > recordStartChunks + 1) {
                    BodyChunks.release(sealed.remove(sealed.size() - 1));
                }
                buf = sealed.remove(recordStartChunks);
            }
            size = recordStartSize;
            rows = recordStartRows;
        }

        /** The body; the writer is done. */
        public LoadBody finish() {
            put((byte) ']');
            List<byte[]> chunks = new ArrayList<>(sealed);
            chunks.add(buf);
            int[] lengths = Arrays.copyOf(sealedLengths, chunks.size());
            lengths[chunks.size() - 1] = size;
            return new LoadBody(chunks, lengths);
        }

        /** Gives the chunks back unused (a body that ended up with no rows). */
        public void discard() {
            sealed.forEach(BodyChunks::release);
            BodyChunks.release(buf);
            sealed.clear();
        }

        private void value(Object v, TableSchema table, int column) {
            if (v == null) {
                ascii("null");
            } else if (v instanceof String s) {
                string(s, table, column);
            } else if (v instanceof Long l) {
                number(l);
            } else if (v instanceof Integer n) {
                number(n);
            } else if (v instanceof BigDecimal d) {
                decimal(d);
            } else if (v instanceof RawJson raw) {
                put(raw.utf8());
            } else if (v instanceof Boolean b) {
                ascii(b ? "true" : "false");
            } else {
                string(v.toString(), table, column);
            }
        }

        private void number(long v) {
            if (v == Long.MIN_VALUE) {
                ascii("-9223372036854775808");
                return;
            }
            ensure(20);
            if (v < 0) {
                buf[size++] = '-';
                v = -v;
            }
            int end = size + digitCount(v);
            for (int i = end - 1; i >= size; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            size = end;
        }

        /** Decimal digits of {@code v}, which is not negative. */
        private static int digitCount(long v) {
            int digits = 1;
            for (long rest = v / 10; rest > 0; rest /= 10) {
                digits++;
            }
            return digits;
        }

        /** As {@link BigDecimal#toPlainString()} writes it, without its three temporary strings when the digits fit a long. */
        private void decimal(BigDecimal d) {
            int scale = d.scale();
            if (scale < 0 || d.precision() > 18) {
                ascii(d.toPlainString());
                return;
            }
            long unscaled = d.unscaledValue().longValue();
            ensure(21 + scale); // sign, "0.", zeros and 18 digits
            if (unscaled < 0) {
                buf[size++] = '-';
                unscaled = -unscaled;
            }
            int intDigits = Math.max(digitCount(unscaled) - scale, 1);
            int total = intDigits + (scale > 0 ? 1 + scale : 0);
            int end = size + total;
            int at = end - 1;
            for (int i = 0; i < scale; i++) {
                buf[at--] = (byte) ('0' + unscaled % 10);
                unscaled /= 10;
            }
            if (scale > 0) {
                buf[at--] = '.';
            }
            for (int i = 0; i < intDigits; i++) {
                buf[at--] = (byte) ('0' + unscaled % 10);
                unscaled /= 10;
            }
            size = end;
        }

        /** A JSON string in UTF-8, escaped as Jackson does it: the two-character forms where JSON has them. */
        private void string(String s, TableSchema table, int column) {
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
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xC0 | (c >> 6));
                    b[at++] = (byte) (0x80 | (c & 0x3F));
                } else if (!Character.isSurrogate(c)) {
                    b[at++] = (byte) (0xE0 | (c >> 12));
                    b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (c & 0x3F));
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

        private void ascii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                buf[size++] = (byte) s.charAt(i); // only ASCII reaches here: numbers and literals
            }
        }

        private void put(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
        }

        private void put(byte b) {
            ensure(1);
            buf[size++] = b;
        }

        /** Room for {@code more} bytes in the current chunk: a value never straddles two chunks. */
        private void ensure(int more) {
            if (size + more > buf.length) {
                if (sealed.size() == sealedLengths.length) {
                    sealedLengths = Arrays.copyOf(sealedLengths, sealedLengths.length * 2);
                }
                sealedLengths[sealed.size()] = size;
                sealed.add(buf);
                buf = BodyChunks.take(more);
                size = 0;
            }
        }
    }
}
