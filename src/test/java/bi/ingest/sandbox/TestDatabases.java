package bi.ingest.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * Fresh databases migrated by the service's Flyway scripts: H2 in memory, and PostgreSQL (127.0.0.1:5432, user
 * postgres, a new schema each time). PostgreSQL is skipped when unreachable, unless BI_TEST_POSTGRES=required
 * (as CI sets it).
 */
public final class TestDatabases {

    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private TestDatabases() {
    }

    /** The parameter source of tests that run on every supported database. */
    public static Stream<String> all() {
        return Stream.of("h2", "postgresql");
    }

    public static DataSource migrated(String db) {
        if (db.equals("h2")) {
            DataSource ds = pooled("jdbc:h2:mem:bi-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
            Flyway.configure().dataSource(ds).load().migrate();
            return ds;
        }
        boolean reachable = postgresReachable();
        if ("required".equals(System.getenv("BI_TEST_POSTGRES"))) {
            assertThat(reachable).as("PostgreSQL on 127.0.0.1:5432 (BI_TEST_POSTGRES=required)").isTrue();
        }
        assumeTrue(reachable, "PostgreSQL not reachable on 127.0.0.1:5432");
        String schema = "bi_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DataSource ds = pooled(PG_URL + "?currentSchema=" + schema, "postgres");
        Flyway.configure().dataSource(ds).schemas(schema).createSchemas(true).load().migrate();
        return ds;
    }

    /**
     * Connections kept for reuse, as the service's own pool does: a PostgreSQL connection per statement cost about
     * 50 ms (a new server process each), which made a test of 240 rate-limit bookings take 13 s instead of 3. Idle
     * connections close after 10 s, so the schemas of finished tests hold none.
     */
    private static DataSource pooled(String url, String user) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(user);
        ds.setPassword("");
        ds.setMaximumPoolSize(8);
        ds.setMinimumIdle(0);
        ds.setIdleTimeout(10_000);
        return ds;
    }

    /**
     * A new, empty schema on the test PostgreSQL for service processes (their Flyway migrates it); the JDBC URL
     * that selects it. Skips the test when PostgreSQL is not reachable, unless BI_TEST_POSTGRES=required.
     */
    public static String postgresSchemaUrl(String prefix) throws java.sql.SQLException {
        boolean reachable = postgresReachable();
        if ("required".equals(System.getenv("BI_TEST_POSTGRES"))) {
            assertThat(reachable).as("PostgreSQL on 127.0.0.1:5432 (BI_TEST_POSTGRES=required)").isTrue();
        }
        assumeTrue(reachable, "PostgreSQL not reachable on 127.0.0.1:5432");
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return PG_URL + "?currentSchema=" + schema;
    }

    private static boolean postgresReachable() {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "")) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
