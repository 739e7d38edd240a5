package bi.ingest.sandbox;

import bi.ingest.normalize.Column;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Converts a JSON value to a column's type the way StarRocks strict mode does: a value that does not convert, a
 * NULL in a NOT NULL column, or text longer than the column gets the row filtered, with a reason for the ErrorURL.
 */
final class ColumnChecker {

    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private ColumnChecker() {
    }

    /** Thrown with the ErrorURL text for a filtered row. */
    static final class Filtered extends Exception {
        Filtered(String reason) {
            super(reason, null, false, false);
        }
    }

    static Object convert(Column c, JsonNode v) throws Filtered {
        if (v == null || v.isNull()) {
            if (!c.nullable()) {
                throw new Filtered("NULL value in non-nullable column '" + c.name() + "'");
            }
            return null;
        }
        String text = v.isTextual() ? v.textValue() : v.toString();
        switch (c.type()) {
            case TINYINT, SMALLINT, INT, BIGINT, LARGEINT -> {
                long n = integer(c, v, text);
                long max = switch (c.type()) {
                    case TINYINT -> Byte.MAX_VALUE;
                    case SMALLINT -> Short.MAX_VALUE;
                    case INT -> Integer.MAX_VALUE;
                    default -> Long.MAX_VALUE;
                };
                if (n > max || n < -max - 1) {
                    throw new Filtered("value " + text + " is out of range for column '" + c.name() + "' " + c.type());
                }
                return n;
            }
            case BOOLEAN -> {
                if (v.isBoolean()) {
                    return v.booleanValue();
                }
                if (text.equals("0") || text.equals("1") || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return text.equals("1") || text.equalsIgnoreCase("true");
                }
                throw new Filtered("cannot convert '" + text + "' to BOOLEAN for column '" + c.name() + "'");
            }
            case FLOAT, DOUBLE -> {
                try {
                    return v.isNumber() ? v.doubleValue() : Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    throw new Filtered("cannot convert '" + text + "' to " + c.type() + " for column '" + c.name() + "'");
                }
            }
            case DECIMAL -> {
                BigDecimal d;
                try {
                    d = v.isNumber() ? v.decimalValue() : new BigDecimal(text.trim());
                } catch (NumberFormatException e) {
                    throw new Filtered("cannot convert '" + text + "' to DECIMAL for column '" + c.name() + "'");
                }
                if (d.precision() - d.scale() > c.length() - c.scale()) {
                    throw new Filtered("value " + text + " overflows DECIMAL(" + c.length() + "," + c.scale() + ") column '" + c.name() + "'");
                }
                return d.setScale(c.scale(), java.math.RoundingMode.HALF_UP);
            }
            case DATETIME -> {
                if (!v.isTextual() || !DATETIME.matcher(text).matches()) {
                    throw new Filtered("cannot convert '" + text + "' to DATETIME for column '" + c.name() + "'");
                }
                return text.length() == 10 ? text + " 00:00:00" : text.substring(0, 19);
            }
            case DATE -> {
                if (!v.isTextual() || !DATE.matcher(text).matches()) {
                    throw new Filtered("cannot convert '" + text + "' to DATE for column '" + c.name() + "'");
                }
                return text;
            }
            case JSON -> {
                String doc = v.isTextual() ? v.textValue() : v.toString();
                if (doc.getBytes(StandardCharsets.UTF_8).length > c.maxBytes()) {
                    throw new Filtered("JSON document too large for column '" + c.name() + "'");
                }
                return doc;
            }
            default -> {
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                if (bytes > c.maxBytes()) {
                    throw new Filtered("the length of input is too long than schema. column '" + c.name() + "' allows "
                            + c.maxBytes() + " bytes, got " + bytes);
                }
                return text;
            }
        }
    }

    private static long integer(Column c, JsonNode v, String text) throws Filtered {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new Filtered("cannot convert '" + text + "' to " + c.type() + " for column '" + c.name() + "'");
        }
    }
}
