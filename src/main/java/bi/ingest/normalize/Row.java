package bi.ingest.normalize;

import java.util.Arrays;

/**
 * One row for one table; {@code values} follow {@link TableSchema#columns()}. A delete row removes its key from a
 * Primary Key table (Stream Load's {@code __op} = 1); it carries the key and the table's required columns.
 */
public record Row(TableSchema table, Object[] values, boolean delete) {

    public Row(TableSchema table, Object[] values) {
        this(table, values, false);
    }

    public Object get(String column) {
        return values[table.indexOf(column)];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.delete == delete && r.table.name().equals(table.name()) && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * table.name().hashCode() + Arrays.hashCode(values)) + Boolean.hashCode(delete);
    }

    @Override
    public String toString() {
        return (delete ? "delete " : "") + table.name() + Arrays.toString(values);
    }
}
