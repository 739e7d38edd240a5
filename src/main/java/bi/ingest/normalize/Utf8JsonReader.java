package bi.ingest.normalize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one JSON text (RFC 8259, UTF-8) from a record's bytes into {@link ErpObject} values, strictly: anything that
 * is not JSON is refused with the byte at which it went wrong.
 *
 * <p>Written by hand rather than over Jackson's streaming parser because that parser made the load path's largest
 * cost: it copies every value through its own text buffer and looks every field name up in its canonicalizer,
 * where this reader makes an ASCII value's string straight from the record's bytes, finds a name in a small cache
 * of this thread's names (first as the name the last object had at that position), and gives a short non-ASCII value
 * that repeats (a city, a shop's name) the string it made before. ({@code ErpJsonAgainstJacksonTest} checks it
 * against Jackson on generated records.)
 */
final class Utf8JsonReader {

    /** As Jackson's default: deeper nesting is refused rather than read into a stack overflow. */
    static final int MAX_DEPTH = 1000;
    /** As Jackson's default: a longer number would cost time out of all proportion to parse into a BigInteger. */
    static final int MAX_NUMBER_LENGTH = 1000;

    private static final ThreadLocal<ThreadMemory> MEMORY = ThreadLocal.withInitial(ThreadMemory::new);

    private final byte[] b;
    private final ThreadMemory memory;
    private int i;
    private int depth;

    private Utf8JsonReader(byte[] bytes) {
        this.b = bytes;
        this.memory = MEMORY.get();
    }

    /**
     * The object that {@code value} holds, and nothing else.
     *
     * @throws UnparseableRecordException when the value is not one JSON object
     */
    static ErpObject readObject(byte[] value) {
        return new Utf8JsonReader(value).root();
    }

    private ErpObject root() {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            i = 3; // a byte order mark, which Jackson skipped too
        }
        skipWhitespace();
        if (i == b.length) {
            throw new UnparseableRecordException("expected a JSON object, got nothing");
        }
        if (b[i] != '{') {
            throw new UnparseableRecordException("expected a JSON object, got " + kindOfValueHere());
        }
        ErpObject root = object();
        skipWhitespace();
        if (i < b.length) {
            // StarRocks would refuse the raw payload (a JSON column) and with it the whole load
            throw malformed(kindOfValueHere() + " after the object's end");
        }
        return root;
    }

    /** Recursive descent down to this depth (an ERP record nests a few levels); deeper, {@link #nested()}. */
    private static final int RECURSION_LIMIT = 32;

    private ErpObject object() {
        enter();
        i++; // {
        ErpObject o = new ErpObject(memory.expectedFields(depth));
        skipWhitespace();
        if (peek("an object") == '}') {
            i++;
            depth--;
            return o;
        }
        while (true) {
            String name = fieldName("an object", o.size());
            o.put(name, value("an object"));
            skipWhitespace();
            byte c = peek("an object");
            i++;
            if (c == '}') {
                memory.sawFields(depth--, o.size());
                return o;
            }
            if (c != ',') {
                i--;
                throw malformed("expected ',' or '}' in an object, got " + describeHere());
            }
            skipWhitespace();
        }
    }

    private List<Object> array() {
        enter();
        i++; // [
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek("an array") == ']') {
            i++;
            depth--;
            return list;
        }
        while (true) {
            list.add(value("an array"));
            skipWhitespace();
            byte c = peek("an array");
            i++;
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                i--;
                throw malformed("expected ',' or ']' in an array, got " + describeHere());
            }
            skipWhitespace();
        }
    }

    private Object value(String inside) {
        byte c = peek(inside);
        if (c == '{' || c == '[') {
            return depth >= RECURSION_LIMIT ? nested() : c == '{' ? object() : array();
        }
        return scalar(c);
    }

    /**
     * The object or array that starts at {@code i}, deeper than {@link #RECURSION_LIMIT}, and all it holds. Iterative,
     * with a stack of the open ones: a recursive reader's frames sit on top of the consumer thread's (Camel's,
     * Kafka's), and a record nested near {@link #MAX_DEPTH} overflowed that stack while the code still ran
     * interpreted, failing its whole batch. (Not at every depth: this loop parsed an ordinary record a tenth slower.)
     */
    private Object nested() {
        Object[] open = new Object[8];
        String[] names = new String[8]; // per open object: the field whose value is being read
        int top = 0;
        open[0] = begin();
        int state = FIRST;
        while (true) {
            Object container = open[top];
            boolean isObject = container instanceof ErpObject;
            String inside = isObject ? "an object" : "an array";
            byte close = isObject ? (byte) '}' : (byte) ']';
            if (state == AFTER_VALUE) {
                skipWhitespace();
                byte c = peek(inside);
                i++;
                if (c == close) {
                    state = CLOSED;
                } else if (c == ',') {
                    skipWhitespace();
                    state = NEXT;
                } else {
                    i--;
                    throw malformed("expected ',' or '" + (char) close + "' in " + (isObject ? "an object" : "an array")
                            + ", got " + describeHere());
                }
            } else if (state == FIRST && peek(inside) == close) {
                i++;
                state = CLOSED;
            }
            if (state == CLOSED) {
                if (isObject) {
                    memory.sawFields(depth, ((ErpObject) container).size());
                }
                depth--;
                if (top == 0) {
                    return container;
                }
                open[top--] = null;
                add(open[top], names[top], container);
                state = AFTER_VALUE;
                continue;
            }
            if (isObject) {
                names[top] = fieldName(inside, ((ErpObject) container).size());
            }
            byte c = peek(inside);
            if (c == '{' || c == '[') {
                if (++top == open.length) {
                    open = Arrays.copyOf(open, top * 2);
                    names = Arrays.copyOf(names, top * 2);
                }
                open[top] = begin();
                state = FIRST;
            } else {
                add(container, names[top], scalar(c));
                state = AFTER_VALUE;
            }
        }
    }

    private static final int FIRST = 0; // just opened: a member or the close
    private static final int NEXT = 1; // after a comma: a member
    private static final int AFTER_VALUE = 2; // a comma or the close
    private static final int CLOSED = 3;

    /** Opens the object or array at {@code i}. */
    private Object begin() {
        enter();
        Object container = b[i++] == '{' ? new ErpObject(memory.expectedFields(depth)) : new ArrayList<>();
        skipWhitespace();
        return container;
    }

    @SuppressWarnings("unchecked")
    private static void add(Object container, String name, Object value) {
        if (container instanceof ErpObject o) {
            o.put(name, value);
        } else {
            ((List<Object>) container).add(value);
        }
    }

    /** A member's field name and colon, up to its value; {@code field}: how many the object has before it. */
    private String fieldName(String inside, int field) {
        if (peek(inside) != '"') {
            throw malformed("expected a field name in double quotes, got " + describeHere());
        }
        String name = memory.predicted(b, i + 1, depth, field);
        if (name != null) {
            i += memory.predictedLength(depth, field) + 2;
        } else {
            name = fieldName(field);
        }
        skipWhitespace();
        if (peek(inside) != ':') {
            throw malformed("expected ':' after field name \"" + name + "\", got " + describeHere());
        }
        i++;
        skipWhitespace();
        return name;
    }

    /** The string, number or literal that starts with {@code c} at {@code i}. */
    private Object scalar(byte c) {
        return switch (c) {
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
            default -> throw malformed("expected a value, got " + describeHere());
        };
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH + " objects and arrays");
        }
    }

    private Object literal(String word, Object value) {
        if (!startsWith(word)) {
            throw malformed("expected a value, got " + describeHere());
        }
        i += word.length();
        return value;
    }

    private boolean startsWith(String word) {
        if (b.length - i < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    // ---- numbers

    private Object number() {
        int start = i;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        long unscaled = 0;
        int digits = 0;
        int first = i;
        while (i < b.length && isDigit(b[i])) {
            unscaled = unscaled * 10 + (b[i++] - '0');
            digits++;
        }
        if (digits == 0) {
            throw malformed("expected a digit in a number, got " + describeHere());
        }
        if (digits > 1 && b[first] == '0') {
            throw malformed("a number with a leading zero at byte " + first);
        }
        int fractionDigits = 0;
        if (i < b.length && b[i] == '.') {
            i++;
            while (i < b.length && isDigit(b[i])) {
                unscaled = unscaled * 10 + (b[i++] - '0');
                fractionDigits++;
            }
            if (fractionDigits == 0) {
                throw malformed("expected a digit after a number's decimal point, got " + describeHere());
            }
        }
        boolean exponent = false;
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            exponent = true;
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < b.length && isDigit(b[i])) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                throw malformed("expected a digit in a number's exponent, got " + describeHere());
            }
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw malformed("a number of " + (i - start) + " characters (at most " + MAX_NUMBER_LENGTH + ")");
        }
        boolean fitsLong = digits + fractionDigits <= 18; // no overflow in the sum above
        if (fractionDigits == 0 && !exponent) {
            if (fitsLong) {
                return negative ? -unscaled : unscaled;
            }
            String text = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            BigInteger big = new BigInteger(text);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (fitsLong && !exponent) {
            return BigDecimal.valueOf(negative ? -unscaled : unscaled, fractionDigits); // exact, scale kept
        }
        String text = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) { // an exponent beyond an int's range
            throw malformed("the number " + (text.length() <= 40 ? text : text.substring(0, 37) + "...") + " is out of range");
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    // ---- strings

    /** The field name in quotes at {@code i}, from this thread's cache of names when it was seen before. */
    private String fieldName(int field) {
        int start = ++i; // after the quote
        int hash = 0;
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                int slot = memory.slot(b, start, i, hash);
                String name;
                if (slot >= 0) {
                    name = memory.name(slot);
                } else {
                    name = new String(b, start, i - start, StandardCharsets.ISO_8859_1);
                    slot = memory.addName(b, start, i, hash, name);
                    name = slot >= 0 ? memory.name(slot) : name;
                }
                memory.follows(depth, field, slot);
                i++;
                return name;
            }
            if (c == '\\' || c < 0x20) { // an escape, a control character or a non-ASCII byte (negative)
                i = start - 1;
                String name = string();
                int end = i - 1; // the closing quote
                int rawHash = 0;
                for (int k = start; k < end; k++) {
                    rawHash = 31 * rawHash + b[k];
                }
                int slot = memory.slot(b, start, end, rawHash);
                if (slot < 0) {
                    slot = memory.addName(b, start, end, rawHash, name);
                }
                memory.follows(depth, field, slot);
                return slot >= 0 ? memory.name(slot) : name;
            }
            hash = 31 * hash + c;
            i++;
        }
        throw endsInside("a field name");
    }

    private String string() {
        int start = ++i; // after the quote
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                i++;
                return new String(b, start, i - 1 - start, StandardCharsets.ISO_8859_1); // ASCII so far: one byte a char
            }
            if (c == '\\' || c < 0x20) {
                return nonAsciiOrEscaped(start);
            }
            i++;
        }
        throw endsInside("a string");
    }

    /** The rest of a string from {@code i}, which holds a non-ASCII byte, an escape or a control character. */
    private String nonAsciiOrEscaped(int start) {
        // valid UTF-8 without escapes: one pass to check it, then the JDK's decoder
        while (i < b.length) {
            int c = b[i];
            if (c == '"') {
                i++;
                return memory.text(b, start, i - 1);
            }
            if (c == '\\') {
                return escaped(start);
            }
            if (c >= 0) {
                if (c < 0x20) {
                    throw malformed("a control character (code " + c + ") in a string: it must be escaped");
                }
                i++;
            } else {
                i += utf8SequenceLength();
            }
        }
        throw endsInside("a string");
    }

    private String escaped(int start) {
        StringBuilder s = new StringBuilder(i - start + 16);
        s.append(new String(b, start, i - start, StandardCharsets.UTF_8)); // checked up to here
        while (i < b.length) {
            int c = b[i];
            if (c == '"') {
                i++;
                return s.toString();
            }
            if (c == '\\') {
                s.append(escape());
            } else if (c >= 0) {
                if (c < 0x20) {
                    throw malformed("a control character (code " + c + ") in a string: it must be escaped");
                }
                s.append((char) c);
                i++;
            } else {
                int from = i;
                i += utf8SequenceLength();
                s.append(new String(b, from, i - from, StandardCharsets.UTF_8));
            }
        }
        throw endsInside("a string");
    }

    private char escape() {
        if (i + 1 >= b.length) {
            throw endsInside("a string");
        }
        byte e = b[i + 1];
        i += 2;
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicodeEscape();
            default -> {
                i -= 1;
                throw malformed("an unknown escape \\" + printable(e) + " in a string");
            }
        };
    }

    private char unicodeEscape() {
        if (b.length - i < 4) {
            throw endsInside("a string");
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(b[i + k], 16);
            if (d < 0) { // a byte above 0x7F is negative here: no digit either
                i += k;
                throw malformed("expected 4 hexadecimal digits after \\u in a string, got " + describeHere());
            }
            v = v * 16 + d;
        }
        i += 4;
        return (char) v; // a lone surrogate is kept, as Jackson kept it: the row writers refuse it with a reason
    }

    /** The length of the well-formed UTF-8 sequence that starts at {@code i} with a byte above 0x7F. */
    private int utf8SequenceLength() {
        int lead = b[i] & 0xFF;
        int length;
        int secondMin = 0x80;
        int secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondMin = 0xA0; // no overlong form
            } else if (lead == 0xED) {
                secondMax = 0x9F; // no surrogate
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondMin = 0x90;
            } else if (lead == 0xF4) {
                secondMax = 0x8F; // nothing above U+10FFFF
            }
        } else {
            throw malformed("invalid UTF-8: byte 0x" + Integer.toHexString(lead) + " cannot start a character");
        }
        if (b.length - i < length) {
            throw endsInside("a string");
        }
        for (int k = 1; k < length; k++) {
            int next = b[i + k] & 0xFF;
            int min = k == 1 ? secondMin : 0x80;
            int max = k == 1 ? secondMax : 0xBF;
            if (next < min || next > max) {
                throw malformed("invalid UTF-8: byte 0x" + Integer.toHexString(next) + " at byte " + (i + k)
                        + " does not continue the character begun at byte " + i);
            }
        }
        return length;
    }

    // ---- positions and messages

    private void skipWhitespace() {
        while (i < b.length) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    /** The byte at {@code i}; the record must not end before it. */
    private byte peek(String inside) {
        if (i >= b.length) {
            throw endsInside(inside);
        }
        return b[i];
    }

    /** What the value starting at {@code i} is, for a message; a byte that starts none is malformed. */
    private String kindOfValueHere() {
        return switch (b[i]) {
            case '{' -> "object";
            case '[' -> "array";
            case '"' -> "string";
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "number";
            default -> {
                if (startsWith("true") || startsWith("false")) {
                    yield "boolean";
                }
                if (startsWith("null")) {
                    yield "null";
                }
                throw malformed("unexpected " + describeHere());
            }
        };
    }

    private String describeHere() {
        return i >= b.length ? "the record's end" : "'" + printable(b[i]) + "' at byte " + i;
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xFF);
    }

    private UnparseableRecordException endsInside(String what) {
        return malformed("the record ends inside " + what);
    }

    private static UnparseableRecordException malformed(String reason) {
        return new UnparseableRecordException("malformed JSON: " + reason);
    }

    /**
     * What this thread's reader has seen: field names by their bytes as the record writes them, each interned (the
     * mappers' literals are, so {@link ErpObject#get} finds most by identity), the names' order, how many fields
     * objects had, and short non-ASCII values as strings. Bounded: a record stream of ever-new names stops adding, and a
     * value's slot is taken over by the next value that falls on it. The values it keeps are strings only (tens of
     * kilobytes per thread), never a record's objects or arrays.
     */
    private static final class ThreadMemory {

        private static final int LIMIT = 2048;
        private final byte[][] keys = new byte[LIMIT * 2][];
        private final String[] values = new String[LIMIT * 2];
        private int count;
        /**
         * Per depth, the most fields an object there had among the last 64 to 128: an object made that size is not
         * copied as it grows. Not the last object's count: objects of one depth differ (an order's items and its
         * payments; orders with and without optional fields), and sizing each by the one before copied the larger ones
         * (8 % of the load threads' time). A large object is forgotten after at most 128 more.
         */
        private final int[] expectedFields = new int[8];
        private final int[] windowMaxFields = new int[8];
        private final int[] windowCount = new int[8];

        int expectedFields(int depth) {
            return depth < expectedFields.length && expectedFields[depth] > 0 ? expectedFields[depth] : 16;
        }

        void sawFields(int depth, int fields) {
            if (depth < expectedFields.length) {
                int seen = Math.min(fields, 256);
                expectedFields[depth] = Math.max(expectedFields[depth], seen);
                windowMaxFields[depth] = Math.max(windowMaxFields[depth], seen);
                if (++windowCount[depth] == 64) {
                    expectedFields[depth] = windowMaxFields[depth];
                    windowMaxFields[depth] = 0;
                    windowCount[depth] = 0;
                }
            }
        }

        /** The slot of a name by its bytes, or -1. */
        int slot(byte[] b, int from, int to, int hash) {
            int mask = keys.length - 1;
            for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
                byte[] key = keys[slot];
                if (Arrays.equals(key, 0, key.length, b, from, to)) {
                    return slot;
                }
            }
            return -1;
        }

        String name(int slot) {
            return values[slot];
        }

        /** Caches a name (interned); its slot, or -1 once the cache is full. */
        int addName(byte[] b, int from, int to, int hash, String name) {
            if (count == LIMIT) {
                return -1;
            }
            int mask = keys.length - 1;
            int slot = spread(hash) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = Arrays.copyOfRange(b, from, to);
            values[slot] = name.intern();
            count++;
            return slot;
        }

        /**
         * Per depth, the slots of the field names of the last object read there, in order, plus one (0: none). Records
         * of one kind repeat their fields in one order, so the name the last object had at a position is checked
         * first, by one comparison of bytes, before the name's hash is computed and looked up.
         */
        private final int[][] sequences = new int[8][64];

        /** The name at {@code from} when it is the one predicted for this position, followed by its closing quote. */
        String predicted(byte[] b, int from, int depth, int field) {
            if (depth >= sequences.length || field >= sequences[depth].length) {
                return null;
            }
            int slot = sequences[depth][field] - 1;
            if (slot < 0) {
                return null;
            }
            byte[] key = keys[slot];
            int to = from + key.length;
            return to < b.length && b[to] == '"' && Arrays.equals(key, 0, key.length, b, from, to) ? values[slot] : null;
        }

        /** The byte length of the name {@link #predicted} found. */
        int predictedLength(int depth, int field) {
            return keys[sequences[depth][field] - 1].length;
        }

        /** The name in {@code slot} (-1: not cached) is at position {@code field} of an object at {@code depth}. */
        void follows(int depth, int field, int slot) {
            if (depth < sequences.length && field < sequences[depth].length) {
                sequences[depth][field] = slot + 1;
            }
        }

        /** Short non-ASCII values up to this many bytes are kept: a province, a city, a shop's or a status's name. */
        private static final int SHORT_TEXT = 48;
        private final byte[][] textKeys = new byte[1024][];
        private final String[] texts = new String[1024];

        /**
         * The checked UTF-8 text between {@code from} and {@code to}: decoded once for a short value that repeats. The
         * JDK's decoder makes a buffer of two bytes per input byte and copies it to size, eight bytes of garbage per
         * Chinese character besides the string; an ERP's short texts (addresses, names of shops and statuses) mostly
         * repeat. Direct-mapped: a value that comes once costs a copy of its bytes and leaves.
         */
        String text(byte[] b, int from, int to) {
            int length = to - from;
            if (length > SHORT_TEXT) {
                return new String(b, from, length, StandardCharsets.UTF_8);
            }
            int hash = 0;
            for (int k = from; k < to; k++) {
                hash = 31 * hash + b[k];
            }
            int slot = spread(hash) & (textKeys.length - 1);
            byte[] key = textKeys[slot];
            if (key != null && Arrays.equals(key, 0, key.length, b, from, to)) {
                return texts[slot];
            }
            String text = new String(b, from, length, StandardCharsets.UTF_8);
            textKeys[slot] = Arrays.copyOfRange(b, from, to);
            texts[slot] = text;
            return text;
        }

        private static int spread(int hash) {
            return hash ^ (hash >>> 16);
        }
    }
}
