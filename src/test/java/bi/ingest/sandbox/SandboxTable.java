package bi.ingest.sandbox;

import bi.ingest.normalize.TableSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A table of the Stream Load sandbox, created from the project's DDL: Primary Key tables upsert by key (with
 * {@code __op} deletes and {@code merge_condition}), Duplicate Key tables append. In count-only mode rows are
 * counted, not kept, so a benchmark measures the loader rather than the sandbox.
 */
public final class SandboxTable {

    private final TableSchema schema;
    private final boolean countOnly;
    private final Map<List<Object>, Map<String, Object>> byKey = new LinkedHashMap<>();
    private final List<Map<String, Object>> appended = new ArrayList<>();
    /** The visible rows by account: a table holds every test's rows, and tests poll their account's. */
    private final Map<Object, Map<List<Object>, Map<String, Object>>> byAccountKey = new HashMap<>();
    private final Map<Object, List<Map<String, Object>>> appendedByAccount = new HashMap<>();
    private final AtomicLong rowsReceived = new AtomicLong();
    /** Every row of every committed load: a load committed twice shows here even when keys collapse it. */
    private final List<Map<String, Object>> committed = new ArrayList<>();
    private final Map<Object, List<Map<String, Object>>> committedByAccount = new HashMap<>();

    SandboxTable(TableSchema schema, boolean countOnly) {
        this.schema = schema;
        this.countOnly = countOnly;
    }

    public TableSchema schema() {
        return schema;
    }

    /** Applies one committed load; rows are already checked and converted. */
    synchronized void apply(List<Map<String, Object>> rows, String mergeCondition) {
        rowsReceived.addAndGet(rows.size());
        if (countOnly) {
            return;
        }
        for (Map<String, Object> r : rows) {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            committed.add(copy);
            committedByAccount.computeIfAbsent(copy.get("account"), a -> new ArrayList<>()).add(copy);
        }
        for (Map<String, Object> row : rows) {
            if (!schema.isPrimaryKey()) {
                row.remove("__op");
                appended.add(row);
                appendedByAccount.computeIfAbsent(row.get("account"), a -> new ArrayList<>()).add(row);
                continue;
            }
            List<Object> key = schema.keyColumns().stream().map(row::get).toList();
            Object op = row.remove("__op");
            if (op != null && (op.toString().equals("1") || op.toString().equalsIgnoreCase("delete"))) {
                Map<String, Object> removed = byKey.remove(key);
                if (removed != null) {
                    byAccountKey.get(removed.get("account")).remove(key);
                }
                continue;
            }
            Map<String, Object> current = byKey.get(key);
            if (current != null && mergeCondition != null && compare(row.get(mergeCondition), current.get(mergeCondition)) < 0) {
                continue; // merge_condition: an older version never replaces a newer one
            }
            byKey.put(key, row);
            byAccountKey.computeIfAbsent(row.get("account"), a -> new LinkedHashMap<>()).put(key, row);
        }
    }

    void countOnly(long rows) {
        rowsReceived.addAndGet(rows);
    }

    /** Rows visible now (copies). */
    public synchronized List<Map<String, Object>> rows() {
        List<Map<String, Object>> out = new ArrayList<>();
        (schema.isPrimaryKey() ? byKey.values() : appended).forEach(r -> out.add(new LinkedHashMap<>(r)));
        return Collections.unmodifiableList(out);
    }

    /** Copies of the visible rows that match {@code filter} (tested before copying: a table holds every test's rows). */
    public synchronized List<Map<String, Object>> rows(Predicate<Map<String, Object>> filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : schema.isPrimaryKey() ? byKey.values() : appended) {
            if (filter.test(Collections.unmodifiableMap(r))) {
                out.add(new LinkedHashMap<>(r));
            }
        }
        return Collections.unmodifiableList(out);
    }

    public synchronized int count() {
        return schema.isPrimaryKey() ? byKey.size() : appended.size();
    }

    /** Copies of the visible rows of {@code account}. */
    public List<Map<String, Object>> rowsOf(Object account) {
        return rowsOf(account, r -> true);
    }

    /** Copies of the visible rows of {@code account} that match {@code filter}. */
    public synchronized List<Map<String, Object>> rowsOf(Object account, Predicate<Map<String, Object>> filter) {
        Collection<Map<String, Object>> rows = schema.isPrimaryKey()
                ? byAccountKey.getOrDefault(account, Map.of()).values() : appendedByAccount.getOrDefault(account, List.of());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (filter.test(Collections.unmodifiableMap(r))) {
                out.add(new LinkedHashMap<>(r));
            }
        }
        return Collections.unmodifiableList(out);
    }

    public synchronized long count(String column, Object value) {
        if (column.equals("account")) {
            return schema.isPrimaryKey() ? byAccountKey.getOrDefault(value, Map.of()).size()
                    : appendedByAccount.getOrDefault(value, List.of()).size();
        }
        return (schema.isPrimaryKey() ? byKey.values() : appended).stream().filter(r -> value.equals(r.get(column))).count();
    }

    /** Every row a committed load carried, including upserts of existing keys (count-only mode counts only this). */
    /** Rows committed over all loads that match {@code filter}, duplicates included. */
    public synchronized long committed(Predicate<Map<String, Object>> filter) {
        return committed.stream().filter(filter).count();
    }

    /** Rows of {@code account} committed over all loads, duplicates included. */
    public synchronized long committedOf(Object account) {
        return committedByAccount.getOrDefault(account, List.of()).size();
    }

    /** Rows of {@code account} committed over all loads that match {@code filter}, duplicates included. */
    public synchronized long committedOf(Object account, Predicate<Map<String, Object>> filter) {
        return committedByAccount.getOrDefault(account, List.of()).stream().filter(filter).count();
    }

    public long rowsReceived() {
        return rowsReceived.get();
    }

    public synchronized void truncate() {
        byKey.clear();
        appended.clear();
        byAccountKey.clear();
        appendedByAccount.clear();
        committed.clear();
        committedByAccount.clear();
        rowsReceived.set(0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Comparable ca && a.getClass() == b.getClass()) {
            return ca.compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }
}
