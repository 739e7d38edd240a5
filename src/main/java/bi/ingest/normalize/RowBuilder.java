package bi.ingest.normalize;

import java.math.BigDecimal;

/**
 * Fills one row and checks it against the table's DDL (NOT NULL, byte length, decimal precision) before it is
 * loaded, so a record StarRocks would filter goes to the dead-letter topic instead of failing a whole load.
 */
public final class RowBuilder {

    private final TableSchema table;
    private final Object[] values;
    /** How many times {@link #set} was called: its position in the mapper's sequence for this table. */
    private int calls;

    public RowBuilder(TableSchema table) {
        this.table = table;
        this.values = new Object[table.columns().size()];
    }

    public RowBuilder set(String column, Object value) {
        int i = table.indexOf(column, calls++);
        if (i < 0) {
            throw new IllegalStateException("table " + table.name() + " has no column " + column + " (check the mapper against its DDL)");
        }
        values[i] = check(i, value);
        return this;
    }

    public Row build() {
        for (int i = 0; i < values.length; i++) {
            Column c = table.columns().get(i);
            if (values[i] == null && !c.nullable()) {
                throw new InvalidRecordException(table.name() + "." + c.name() + " is required but missing");
            }
        }
        return new Row(table, values);
    }

    private Object check(int column, Object value) {
        // a char is at most 3 UTF-8 bytes, so short text needs no counting
        int maxBytes = table.maxBytes(column);
        if (value instanceof String s && s.length() * 3L > maxBytes && utf8Length(s) > maxBytes) {
            throw new InvalidRecordException(table.name() + "." + table.columns().get(column).name() + " is " + utf8Length(s)
                    + " bytes, longer than the column's " + maxBytes);
        }
        Column c = table.columns().get(column);
        if (value instanceof BigDecimal d && c.type() == ColumnType.DECIMAL
                && d.precision() - d.scale() > c.length() - c.scale()) {
            throw new InvalidRecordException(table.name() + "." + c.name() + " value " + d.toPlainString()
                    + " does not fit DECIMAL(" + c.length() + "," + c.scale() + ")");
        }
        return value;
    }

    /** UTF-8 length without encoding: StarRocks measures VARCHAR in bytes. */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            // a surrogate pair is 4 bytes: 2 for each half
            bytes += ch < 0x80 ? 1 : ch < 0x800 || Character.isSurrogate(ch) ? 2 : 3;
        }
        return bytes;
    }
}
