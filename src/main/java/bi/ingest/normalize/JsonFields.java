package bi.ingest.normalize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * Reads typed fields from ERP JSON (as {@link ErpJson} parsed it) the way the ERPs send them: numbers may arrive as
 * JSON numbers or strings, an empty string means absent, times are {@code yyyy-MM-dd HH:mm:ss}. Each failure names the
 * field and value.
 */
public final class JsonFields {

    private JsonFields() {
    }

    public static Long longValue(ErpObject parent, String field, boolean required) {
        Object n = present(parent, field, required);
        if (n == null) {
            return null;
        }
        if (n instanceof Long l) {
            return l;
        }
        if (n instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw wrongType(field, "an integer", n);
    }

    public static Integer intValue(ErpObject parent, String field, boolean required) {
        Long v = longValue(parent, field, required);
        if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
            throw new InvalidRecordException("field '" + field + "': " + v + " does not fit a 32-bit integer");
        }
        return v == null ? null : v.intValue();
    }

    public static BigDecimal decimal(ErpObject parent, String field) {
        Object n = present(parent, field, false);
        if (n == null) {
            return null;
        }
        if (n instanceof BigDecimal d) {
            return d;
        }
        if (n instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (n instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (n instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw wrongType(field, "a decimal number", n);
    }

    public static String text(ErpObject parent, String field, boolean required) {
        Object n = present(parent, field, required);
        if (n == null) {
            return null;
        }
        if (n instanceof String s) {
            return s;
        }
        if (n instanceof Number || n instanceof Boolean) {
            return n.toString();
        }
        throw wrongType(field, "a string", n);
    }

    /** A {@code yyyy-MM-dd HH:mm:ss} time, checked for shape and ranges, kept as text (what Stream Load expects). */
    public static String dateTime(ErpObject parent, String field, boolean required) {
        String s = text(parent, field, required);
        if (s == null) {
            return null;
        }
        if (!isDateTime(s)) {
            throw new InvalidRecordException("field '" + field + "': expected yyyy-MM-dd HH:mm:ss, got \"" + abbreviate(s) + "\"");
        }
        return s;
    }

    /** The objects of an array field, or null when it is absent; any other element is refused. */
    public static List<ErpObject> objects(ErpObject parent, String field) {
        Object n = present(parent, field, false);
        if (n == null) {
            return null;
        }
        if (!(n instanceof List<?> list)) {
            throw wrongType(field, "an array", n);
        }
        for (Object element : list) {
            if (!(element instanceof ErpObject)) {
                throw new InvalidRecordException("field '" + field + "': expected an array of objects, got " + kind(element)
                        + " " + abbreviate(json(element)) + " in it");
            }
        }
        @SuppressWarnings("unchecked") // checked element by element above
        List<ErpObject> objects = (List<ErpObject>) list;
        return objects;
    }

    /** A nested object, or {@link ErpObject#EMPTY} (every field absent) when the field is absent or not an object. */
    public static ErpObject object(ErpObject parent, String field) {
        return parent.get(field) instanceof ErpObject o ? o : ErpObject.EMPTY;
    }

    static boolean isDateTime(String s) {
        int[] t = s.length() == 19 ? dateTimeNumbers(s, " ") : null;
        return t != null && t[1] >= 1 && t[1] <= 12 && t[2] >= 1 && t[2] <= 31 && t[3] <= 23 && t[4] <= 59 && t[5] <= 59;
    }

    /**
     * The numbers of a {@code yyyy-MM-dd HH:mm:ss} at the start of {@code s}, with one of {@code separators} between
     * date and time: {year, month, day, hour, minute, second}, or null when the shape is not that. Ranges are left
     * to the caller.
     */
    public static int[] dateTimeNumbers(String s, String separators) {
        if (s.length() < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || separators.indexOf(s.charAt(10)) < 0
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int[] t = {digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2)};
        for (int v : t) {
            if (v < 0) {
                return null;
            }
        }
        return t;
    }

    /** The value of {@code count} ASCII decimal digits at {@code from}, or -1 when one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Object present(ErpObject parent, String field, boolean required) {
        Object n = parent.get(field);
        boolean absent = n == null || (n instanceof String s && s.isEmpty());
        if (absent) {
            if (required) {
                throw new InvalidRecordException("field '" + field + "' is required but missing");
            }
            return null;
        }
        return n;
    }

    private static InvalidRecordException wrongType(String field, String expected, Object got) {
        return new InvalidRecordException("field '" + field + "': expected " + expected + ", got " + kind(got) + " "
                + abbreviate(json(got)));
    }

    private static String kind(Object value) {
        return value instanceof String ? "string" : value instanceof Number ? "number" : value instanceof Boolean ? "boolean"
                : value instanceof ErpObject ? "object" : value instanceof List ? "array" : "null";
    }

    private static String json(Object value) {
        StringBuilder s = new StringBuilder();
        ErpObject.appendJson(value, s);
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
