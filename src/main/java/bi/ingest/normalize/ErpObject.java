package bi.ingest.normalize;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;
import java.util.List;

/**
 * One JSON object of an ERP record, as {@link ErpJson} read it: its fields in order, each value a {@link String},
 * {@link Long}, {@link java.math.BigInteger} (an integer beyond 64 bits), {@link java.math.BigDecimal} (any number with
 * a fraction or exponent, exact), {@link Boolean}, {@code null} (JSON null), another {@code ErpObject}, or a
 * {@code List<Object>} of such values (a JSON array).
 */
public final class ErpObject {

    /** What a missing object reads as: every field absent. */
    public static final ErpObject EMPTY = new ErpObject();

    private String[] names;
    private Object[] values;
    private int size;

    ErpObject() {
        this(16);
    }

    /** An object expected to hold about {@code fields} fields (it grows past them). */
    ErpObject(int fields) {
        names = new String[Math.max(fields, 1)];
        values = new Object[names.length];
    }

    /**
     * The value of {@code field}, or null when it is absent or JSON null. A field given twice has its last value, as
     * Jackson's tree keeps it.
     */
    public Object get(String field) {
        // Jackson interns field names, and so does the compiler the mappers' literals: most look-ups end here
        for (int i = size - 1; i >= 0; i--) {
            if (names[i] == field) {
                return values[i];
            }
        }
        for (int i = size - 1; i >= 0; i--) {
            if (names[i].equals(field)) {
                return values[i];
            }
        }
        return null;
    }

    public int size() {
        return size;
    }

    /** The name of the {@code index}th field, in the record's order. */
    String name(int index) {
        return names[index];
    }

    /** The value of the {@code index}th field, in the record's order. */
    Object value(int index) {
        return values[index];
    }

    void put(String field, Object value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = field;
        values[size++] = value;
    }

    /** The object as compact JSON (for error messages). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        appendJson(this, s);
        return s.toString();
    }

    /** A value as compact JSON, the way Jackson's tree prints it. */
    static void appendJson(Object v, StringBuilder s) {
        if (v instanceof String text) {
            s.append('"');
            JsonStringEncoder.getInstance().quoteAsString(text, s);
            s.append('"');
        } else if (v instanceof ErpObject o) {
            s.append('{');
            for (int i = 0; i < o.size; i++) {
                if (i > 0) {
                    s.append(',');
                }
                appendJson(o.names[i], s);
                s.append(':');
                appendJson(o.values[i], s);
            }
            s.append('}');
        } else if (v instanceof List<?> list) {
            s.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    s.append(',');
                }
                appendJson(list.get(i), s);
            }
            s.append(']');
        } else {
            s.append(v); // numbers, booleans and null print as JSON does
        }
    }
}
