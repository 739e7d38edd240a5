package bi.ingest.load;

import bi.ingest.normalize.InvalidRecordException;
import bi.ingest.normalize.RawJson;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableSchema;
import bi.ingest.streamload.BodyChunks;
import bi.ingest.streamload.LoadBody;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One table's Stream Load body, written row by row as the rows are made, straight into UTF-8 bytes in pooled chunks
 * ({@link BodyChunks}): a batch then keeps only bytes alive, not its rows, which keeps young garbage collections
 * cheap (they copy what is alive). The format (a JSON array, CSV) is the subclass's; chunks, the taking back of a
 * record's rows and the numbers both formats write alike are here.
 */
public abstract class RowsWriter {

    /** Full chunks before the current one, and how many bytes of each are used. */
    private final List<byte[]> sealed = new ArrayList<>();
    private int[] sealedLengths = new int[16];
    protected byte[] buf;
    protected int size;
    protected int rows;
    private int recordStartChunks;
    private int recordStartSize;
    private int recordStartRows;

    protected RowsWriter() {
        buf = BodyChunks.take(BodyChunks.SIZE);
    }

    /** A scratch writer of a few bytes (a column's key), outside the pool. */
    protected RowsWriter(int capacity) {
        buf = new byte[capacity];
    }

    /**
     * Appends one row.
     * @throws InvalidRecordException when a text value is not valid Unicode (an unpaired
     *         surrogate); the body may then hold part of the row: {@link #dropRecord()} takes it back
     */
    public abstract void add(Row row);

    /** What the body ends with (a JSON array's bracket), written by {@link #finish()}. */
    protected abstract void end();

    /** The Stream Load headers that tell StarRocks how to read the body. */
    protected abstract Map<String, String> formatHeaders();

    /** One value of a row, by its Java type (what the mappers put: text, integers, decimals, raw JSON, booleans). */
    protected final void value(Object v, TableSchema table, int column) {
        if (v == null) {
            nullValue();
        } else if (v instanceof String s) {
            text(s, table, column);
        } else if (v instanceof Long l) {
            number(l);
        } else if (v instanceof Integer n) {
            number(n);
        } else if (v instanceof BigDecimal d) {
            decimal(d);
        } else if (v instanceof RawJson raw) {
            put(raw.utf8());
        } else if (v instanceof Boolean b) {
            bool(b);
        } else {
            text(v.toString(), table, column);
        }
    }

    protected abstract void nullValue();

    /** A text value in this format's form. @throws InvalidRecordException when it is not valid Unicode */
    protected abstract void text(String s, TableSchema table, int column);

    protected abstract void bool(boolean b);

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
        end();
        List<byte[]> chunks = new ArrayList<>(sealed);
        chunks.add(buf);
        int[] lengths = Arrays.copyOf(sealedLengths, chunks.size());
        lengths[chunks.size() - 1] = size;
        return new LoadBody(chunks, lengths, formatHeaders());
    }

    /** Gives the chunks back unused (a body that ended up with no rows, or a batch written again). */
    public void discard() {
        sealed.forEach(BodyChunks::release);
        BodyChunks.release(buf);
        sealed.clear();
    }

    protected final void number(long v) {
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
        int i = end;
        while (v >= 10) { // two digits a step: most numbers written are 19-digit ids
            int pair = (int) (v % 100) * 2;
            v /= 100;
            buf[--i] = DIGIT_PAIRS[pair + 1];
            buf[--i] = DIGIT_PAIRS[pair];
        }
        if (i > size) {
            buf[--i] = (byte) ('0' + v);
        }
        size = end;
    }

    /** "00", "01", ... "99" as ASCII bytes, two per number. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int n = 0; n < 100; n++) {
            DIGIT_PAIRS[2 * n] = (byte) ('0' + n / 10);
            DIGIT_PAIRS[2 * n + 1] = (byte) ('0' + n % 10);
        }
    }

    /** 10^1 .. 10^18: a number's digits by comparison (dividing by ten per digit was a tenth of the load threads' time). */
    private static final long[] POWERS_OF_TEN = new long[18];

    static {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p *= 10;
        }
    }

    /** Decimal digits of {@code v}, which is not negative. */
    static int digitCount(long v) {
        int digits = 1;
        while (digits <= POWERS_OF_TEN.length && v >= POWERS_OF_TEN[digits - 1]) {
            digits++;
        }
        return digits;
    }

    /** As {@link BigDecimal#toPlainString()} writes it, without its three temporary strings when the digits fit a long. */
    protected final void decimal(BigDecimal d) {
        int scale = d.scale();
        if (scale < 0 || d.precision() > 18) {
            ascii(d.toPlainString());
            return;
        }
        // not unscaledValue(): that makes a BigInteger (and its array) of a decimal held as a long
        long unscaled = d.scaleByPowerOfTen(scale).longValueExact();
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

    /** A char of 0x80 or more that is not half of a surrogate pair, as its two or three UTF-8 bytes; the next position. */
    protected static int utf8(byte[] b, int at, char c) {
        if (c < 0x800) {
            b[at++] = (byte) (0xC0 | (c >> 6));
            b[at++] = (byte) (0x80 | (c & 0x3F));
        } else {
            b[at++] = (byte) (0xE0 | (c >> 12));
            b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[at++] = (byte) (0x80 | (c & 0x3F));
        }
        return at;
    }

    protected final void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i); // only ASCII reaches here: numbers and literals
        }
    }

    protected final void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    protected final void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    /** Room for {@code more} bytes in the current chunk: a value never straddles two chunks. */
    protected final void ensure(int more) {
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

    /** The bytes written so far, as one array: what a scratch writer (a column's JSON key, encoded once) made. */
    protected final byte[] written() {
        return Arrays.copyOf(buf, size);
    }
}
