package bi.ingest.normalize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A StarRocks table as its DDL in {@code config/starrocks/} declares it: columns in order, key model and key columns.
 */
public final class TableSchema {

    /** StarRocks table models we load into. */
    public enum KeyModel { PRIMARY, DUPLICATE }

    private final String name;
    private final List<Column> columns;
    private final KeyModel keyModel;
    private final List<String> keyColumns;
    private final Map<String, Integer> indexByName = new HashMap<>();

    public TableSchema(String name, List<Column> columns, KeyModel keyModel, List<String> keyColumns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.keyModel = keyModel;
        this.keyColumns = List.copyOf(keyColumns);
        for (int i = 0; i < this.columns.size(); i++) {
            indexByName.put(this.columns.get(i).name(), i);
        }
        for (String key : keyColumns) {
            if (!indexByName.containsKey(key)) {
                throw new IllegalArgumentException("table " + name + ": key column " + key + " is not declared");
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Column> columns() {
        return columns;
    }

    public KeyModel keyModel() {
        return keyModel;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public boolean isPrimaryKey() {
        return keyModel == KeyModel.PRIMARY;
    }

    /** Position of a column in {@link #columns()}, or -1. */
    public int indexOf(String column) {
        Integer i = indexByName.get(column);
        return i == null ? -1 : i;
    }

    public Column column(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("table " + this.name + " has no column " + name);
        }
        return columns.get(i);
    }

    @Override
    public String toString() {
        return name + columns.stream().map(Column::name).toList();
    }
}
