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
    /** {@link Column#maxBytes()} by position, read for every text value of every row. */
    private final int[] maxBytes;

    public TableSchema(String name, List<Column> columns, KeyModel keyModel, List<String> keyColumns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.keyModel = keyModel;
        this.keyColumns = List.copyOf(keyColumns);
        this.maxBytes = new int[this.columns.size()];
        for (int i = 0; i < this.columns.size(); i++) {
            indexByName.put(this.columns.get(i).name(), i);
            maxBytes[i] = this.columns.get(i).maxBytes();
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

    /** The most UTF-8 bytes the column at {@code index} holds. */
    public int maxBytes(int index) {
        return maxBytes[index];
    }

    /** A column's name and position, as the n-th {@link RowBuilder#set} of a row last named it. */
    record Slot(String column, int index) {
    }

    /**
     * Per call of {@link RowBuilder#set} in a row (first, second, ...): the column that call named last time. A mapper
     * names a table's columns in the same order for every row, by the same literals, so the n-th call is answered
     * by one identity check instead of a hash look-up per value (6 % of the consumer threads' time). A slot is one
     * immutable object, so threads that race on it see either the old pair or the new, never a mix.
     */
    private final Slot[] lastSlots = new Slot[64];

    /** Position of the column named by the {@code call}-th set of a row (from 0), or -1. */
    int indexOf(String column, int call) {
        if (call < lastSlots.length) {
            Slot slot = lastSlots[call];
            if (slot != null && slot.column() == column) {
                return slot.index();
            }
            int index = indexOf(column);
            if (index >= 0) {
                lastSlots[call] = new Slot(column, index);
            }
            return index;
        }
        return indexOf(column);
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
