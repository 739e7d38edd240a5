package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The load watermark and batch plan store, migrated by Flyway, on H2 and on PostgreSQL (127.0.0.1:5432, user
 * postgres). PostgreSQL is skipped when unreachable, unless BI_TEST_POSTGRES=required (as CI sets it).
 */
class PartitionStateStoreTest {

    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPlanIsKeptUntilTheBatchIsLoadedAndTheWatermarkOnlyMovesForward(String db) {
        PartitionStateStore store = new PartitionStateStore(new JdbcTemplate(dataSource(db)));
        TopicPartition tp = new TopicPartition("erp.jushuitan.orders", 2);
        assertThat(store.get("flow", tp)).isEqualTo(PartitionState.NEW);

        store.recordPlan("flow", tp, new OffsetPlan(0, 99));
        assertThat(store.get("flow", tp)).isEqualTo(new PartitionState(-1, new OffsetPlan(0, 99)));

        store.markLoaded("flow", tp, 99);
        assertThat(store.get("flow", tp)).isEqualTo(new PartitionState(99, null));

        store.recordPlan("flow", tp, new OffsetPlan(100, 150));
        store.markLoaded("flow", tp, 150);
        store.markLoaded("flow", tp, 120); // a late, older acknowledgement never moves the watermark back
        assertThat(store.get("flow", tp)).isEqualTo(new PartitionState(150, null));
        assertThat(store.get("other-flow", tp)).isEqualTo(PartitionState.NEW);

        store.forget("flow", tp);
        assertThat(store.get("flow", tp)).isEqualTo(PartitionState.NEW);
    }

    private static DriverManagerDataSource dataSource(String db) {
        DriverManagerDataSource ds;
        if (db.equals("h2")) {
            ds = new DriverManagerDataSource("jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        } else {
            boolean reachable = postgresReachable();
            if ("required".equals(System.getenv("BI_TEST_POSTGRES"))) {
                assertThat(reachable).as("PostgreSQL on 127.0.0.1:5432 (BI_TEST_POSTGRES=required)").isTrue();
            }
            assumeTrue(reachable, "PostgreSQL not reachable on 127.0.0.1:5432");
            String schema = "bi_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            ds = new DriverManagerDataSource(PG_URL + "?currentSchema=" + schema, "postgres", "");
            Flyway.configure().dataSource(ds).schemas(schema).createSchemas(true).load().migrate();
            return ds;
        }
        Flyway.configure().dataSource(ds).load().migrate();
        return ds;
    }

    private static boolean postgresReachable() {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", "")) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }
}
