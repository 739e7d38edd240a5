package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import bi.ingest.sandbox.TestDatabases;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The load watermark and batch plan store, migrated by Flyway, on H2 and on PostgreSQL (127.0.0.1:5432, user
 * postgres). PostgreSQL is skipped when unreachable, unless BI_TEST_POSTGRES=required (as CI sets it).
 */
class PartitionStateStoreTest {

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void aPlanIsKeptUntilTheBatchIsLoadedAndTheWatermarkOnlyMovesForward(String db) {
        PartitionStateStore store = new PartitionStateStore(new JdbcTemplate(TestDatabases.migrated(db)));
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
}
