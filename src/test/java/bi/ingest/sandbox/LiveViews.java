package bi.ingest.sandbox;

import bi.ingest.normalize.Column;
import bi.ingest.normalize.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The views of {@code config/starrocks/views.sql}, run as shipped over the rows the Stream Load sandbox holds: the
 * sandbox does not speak SQL, so the rows of one account are copied into an in-memory H2 database and the view's own
 * {@code CREATE VIEW} and a {@code SELECT} from it run there. The views use only standard SQL, so H2 reads them as
 * StarRocks does.
 */
public final class LiveViews {

    public static final Path VIEWS = Path.of("config/starrocks/views.sql");
    private static final Pattern FROM_OR_JOIN = Pattern.compile("\\b(?:FROM|JOIN)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    private final StreamLoadSandbox sandbox;
    private final List<String> statements;

    public LiveViews(StreamLoadSandbox sandbox) {
        this.sandbox = sandbox;
        try {
            this.statements = statements(Files.readString(VIEWS, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows {@code view} shows when the tables hold only the sandbox's rows that match {@code rows}. */
    public List<Map<String, Object>> rows(String view, Predicate<Map<String, Object>> rows) {
        String create = statements.stream().filter(s -> s.matches("(?is)CREATE\\s+VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?" + view + "\\b.*"))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no view " + view + " in " + VIEWS));
        try (Connection db = DriverManager.getConnection("jdbc:h2:mem:views-" + UUID.randomUUID())) {
            Matcher tables = FROM_OR_JOIN.matcher(create);
            while (tables.find()) {
                copy(db, sandbox.table(tables.group(1)), rows);
            }
            try (Statement s = db.createStatement()) {
                s.execute(create);
                return read(s.executeQuery("SELECT * FROM " + view));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("view " + view + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Connection db, SandboxTable table, Predicate<Map<String, Object>> filter) throws SQLException {
        TableSchema schema = table.schema();
        List<Column> columns = schema.columns();
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(schema.name()).append(" (");
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(schema.name()).append(" VALUES (");
        for (int i = 0; i < columns.size(); i++) {
            ddl.append(i == 0 ? "" : ", ").append(columns.get(i).name()).append(' ').append(h2Type(columns.get(i)));
            insert.append(i == 0 ? "?" : ", ?");
        }
        try (Statement s = db.createStatement()) {
            s.execute(ddl.append(')').toString());
        }
        try (PreparedStatement p = db.prepareStatement(insert.append(')').toString())) {
            for (Map<String, Object> row : table.rows(filter)) {
                for (int i = 0; i < columns.size(); i++) {
                    Object v = row.get(columns.get(i).name());
                    p.setObject(i + 1, v instanceof Map || v instanceof List ? String.valueOf(v) : v);
                }
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Types that hold the sandbox's values unchanged (times are kept as the text StarRocks would show). */
    private static String h2Type(Column c) {
        return switch (c.type()) {
            case TINYINT, SMALLINT, INT, BIGINT, LARGEINT -> "BIGINT";
            case BOOLEAN -> "BOOLEAN";
            case FLOAT, DOUBLE -> "DOUBLE PRECISION";
            case DECIMAL -> "DECIMAL(" + c.length() + ", " + c.scale() + ")";
            default -> "VARCHAR";
        };
    }

    private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i).toLowerCase(), rs.getObject(i));
            }
            out.add(row);
        }
        return out;
    }

    private static List<String> statements(String sql) {
        StringBuilder text = new StringBuilder();
        for (String line : sql.split("\n")) {
            int dash = line.indexOf("--");
            text.append(dash >= 0 ? line.substring(0, dash) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String s : text.toString().split(";")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
