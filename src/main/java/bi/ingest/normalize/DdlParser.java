package bi.ingest.normalize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the subset of StarRocks {@code CREATE TABLE} that our DDL files use, so the service and the Stream Load
 * sandbox share one schema. Written by hand because no JDBC-free StarRocks DDL reader exists; it accepts only
 * the forms in {@code config/starrocks/} and fails loudly on anything else.
 */
public final class DdlParser {

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?([\\w.]+)`?\\s*\\((.*)\\)\\s*(PRIMARY|DUPLICATE)\\s+KEY\\s*\\(([^)]*)\\)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile(
            "`?(\\w+)`?\\s+(\\w+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?(.*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private DdlParser() {
    }

    /** Every CREATE TABLE in the given SQL text. */
    public static List<TableSchema> parse(String sql) {
        List<TableSchema> tables = new ArrayList<>();
        for (String statement : withoutComments(sql).split(";")) {
            Matcher m = CREATE_TABLE.matcher(statement);
            if (m.find()) {
                tables.add(table(m));
            }
        }
        return tables;
    }

    private static TableSchema table(Matcher m) {
        String name = m.group(1).contains(".") ? m.group(1).substring(m.group(1).indexOf('.') + 1) : m.group(1);
        List<Column> columns = new ArrayList<>();
        for (String definition : splitTopLevel(m.group(2))) {
            if (!definition.isBlank()) {
                columns.add(column(name, definition.trim()));
            }
        }
        TableSchema.KeyModel model = TableSchema.KeyModel.valueOf(m.group(3).toUpperCase());
        List<String> keys = Arrays.stream(m.group(4).split(",")).map(k -> k.replace("`", "").trim()).toList();
        return new TableSchema(name, columns, model, keys);
    }

    private static Column column(String table, String definition) {
        Matcher c = COLUMN.matcher(definition);
        if (!c.matches()) {
            throw new IllegalArgumentException("table " + table + ": cannot read column definition '" + definition + "'");
        }
        ColumnType type = ColumnType.parse(c.group(2));
        int length = c.group(3) == null ? defaultLength(type) : Integer.parseInt(c.group(3));
        int scale = c.group(4) == null ? 0 : Integer.parseInt(c.group(4));
        String rest = c.group(5).toUpperCase();
        boolean nullable = !rest.contains("NOT NULL");
        return new Column(c.group(1), type, length, scale, nullable);
    }

    private static int defaultLength(ColumnType type) {
        return switch (type) {
            case VARCHAR -> 1;
            case CHAR -> 1;
            case DECIMAL -> 10;
            default -> 0;
        };
    }

    /** Splits on commas that are not inside parentheses or quotes. */
    private static List<String> splitTopLevel(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '(') {
                depth++;
            } else if (!quoted && ch == ')') {
                depth--;
            } else if (!quoted && depth == 0 && ch == ',') {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }

    private static String withoutComments(String sql) {
        StringBuilder out = new StringBuilder();
        for (String line : sql.split("\n")) {
            int dash = line.indexOf("--");
            out.append(dash >= 0 && !inQuotes(line, dash) ? line.substring(0, dash) : line).append('\n');
        }
        return out.toString();
    }

    private static boolean inQuotes(String line, int pos) {
        int quotes = 0;
        for (int i = 0; i < pos; i++) {
            if (line.charAt(i) == '\'') {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }
}
