package bi.ingest.normalize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The target tables, read once from the StarRocks DDL files packaged under {@code starrocks/} on the classpath. */
public final class TableCatalog {

    public static final String DDL_LOCATION = "classpath*:starrocks/*.sql";

    private final Map<String, TableSchema> tables;

    public TableCatalog(Map<String, TableSchema> tables) {
        this.tables = Map.copyOf(tables);
    }

    public static TableCatalog fromClasspath() {
        try {
            Map<String, TableSchema> tables = new LinkedHashMap<>();
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(DDL_LOCATION)) {
                try (InputStream in = r.getInputStream()) {
                    for (TableSchema t : DdlParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                        tables.put(t.name(), t);
                    }
                }
            }
            if (tables.isEmpty()) {
                throw new IllegalStateException("no StarRocks DDL found at " + DDL_LOCATION);
            }
            return new TableCatalog(tables);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TableSchema table(String name) {
        TableSchema t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no DDL for table " + name + " in config/starrocks/ (known: " + tables.keySet() + ")");
        }
        return t;
    }

    public Set<String> names() {
        return tables.keySet();
    }
}
