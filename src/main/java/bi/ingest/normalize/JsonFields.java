package bi.ingest.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Reads typed fields from ERP JSON the way the ERPs send them: numbers may arrive as JSON numbers or strings,
 * an empty string means absent, times are {@code yyyy-MM-dd HH:mm:ss}. Each failure names the field and value.
 */
public final class JsonFields {

    private JsonFields() {
    }

    public static Long longValue(JsonNode parent, String field, boolean required) {
        JsonNode n = present(parent, field, required);
        if (n == null) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.textValue().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw wrongType(field, "an integer", n);
    }

    public static Integer intValue(JsonNode parent, String field, boolean required) {
        Long v = longValue(parent, field, required);
        if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
            throw new InvalidRecordException("field '" + field + "': " + v + " does not fit a 32-bit integer");
        }
        return v == null ? null : v.intValue();
    }

    public static BigDecimal decimal(JsonNode parent, String field) {
        JsonNode n = present(parent, field, false);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.textValue().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw wrongType(field, "a decimal number", n);
    }

    public static String text(JsonNode parent, String field, boolean required) {
        JsonNode n = present(parent, field, required);
        if (n == null) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isNumber() || n.isBoolean()) {
            return n.asText();
        }
        throw wrongType(field, "a string", n);
    }

    /** A {@code yyyy-MM-dd HH:mm:ss} time, checked for shape and ranges, kept as text (what Stream Load expects). */
    public static String dateTime(JsonNode parent, String field, boolean required) {
        String s = text(parent, field, required);
        if (s == null) {
            return null;
        }
        if (!isDateTime(s)) {
            throw new InvalidRecordException("field '" + field + "': expected yyyy-MM-dd HH:mm:ss, got \"" + abbreviate(s) + "\"");
        }
        return s;
    }

    public static JsonNode array(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull() || (n.isTextual() && n.textValue().isEmpty())) {
            return null;
        }
        if (!n.isArray()) {
            throw wrongType(field, "an array", n);
        }
        return n;
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

    private static JsonNode present(JsonNode parent, String field, boolean required) {
        JsonNode n = parent.get(field);
        boolean absent = n == null || n.isNull() || (n.isTextual() && n.textValue().isEmpty());
        if (absent) {
            if (required) {
                throw new InvalidRecordException("field '" + field + "' is required but missing");
            }
            return null;
        }
        return n;
    }

    private static InvalidRecordException wrongType(String field, String expected, JsonNode got) {
        return new InvalidRecordException("field '" + field + "': expected " + expected + ", got " + got.getNodeType()
                .name().toLowerCase() + " " + abbreviate(got.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
