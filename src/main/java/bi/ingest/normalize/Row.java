package bi.ingest.normalize;

import java.util.Arrays;

/**
 * One row for one table; {@code values} follow {@link TableSchema#columns()}. Rows are upserts: a delete is a row too
 * ({@code is_deleted = true}), so it goes through the merge condition like any version.
 */
public record Row(TableSchema table, Object[] values) {

    public Object get(String column) {
        return values[table.indexOf(column)];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.table.name().equals(table.name()) && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * table.name().hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return table.name() + Arrays.toString(values);
    }
}
