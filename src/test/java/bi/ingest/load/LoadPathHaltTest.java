package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.SandboxTable;
import bi.ingest.sandbox.TestSandboxes;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;

@ExtendWith(OutputCaptureExtension.class)
/** A final Stream Load failure stops the route with nothing committed; fixing it and starting the route resumes. */
class LoadPathHaltTest extends LoadPathTestSupport {

    @Autowired
    LoadPathGuard guard;

    @Test
    void anAuthFailureStopsTheRouteWithNothingCommitted(CapturedOutput output) throws Exception {
        String account = account("auth");
        awaitQuiet();
        Map<TopicPartition, Long> before = KAFKA.committed(GROUP, TOPIC);
        STREAMLOAD.credentials(TestSandboxes.STREAMLOAD_USER, "rotated-by-someone-else");
        try {
            FEED.send(account, new OrderGenerator(4_000_000), 5);
            awaitHalted();
            assertThat(guard.health().getDetails().get("reason").toString()).contains("http=401");
            assertThat(KAFKA.committed(GROUP, TOPIC)).isEqualTo(before);
            assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isZero();
        } finally {
            STREAMLOAD.credentials(TestSandboxes.STREAMLOAD_USER, TestSandboxes.STREAMLOAD_PASSWORD);
        }
        camel.getRouteController().startRoute(ROUTE);
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        assertThat(guard.health().getStatus()).isEqualTo(Status.UP);
        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isEqualTo(5);
        assertThat(output.getAll()).contains("LOAD PATH HALTED")
                .doesNotContain(TestSandboxes.STREAMLOAD_PASSWORD).doesNotContain("rotated-by-someone-else")
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(
                        (TestSandboxes.STREAMLOAD_USER + ":" + TestSandboxes.STREAMLOAD_PASSWORD).getBytes()));
    }

    @Test
    void anUnknownTableStopsTheRouteAndAReplayAfterTheFixLoadsEachRowOnce() throws Exception {
        String account = account("unknown-table");
        awaitQuiet();
        Map<TopicPartition, Long> before = KAFKA.committed(GROUP, TOPIC);
        SandboxTable payments = STREAMLOAD.tables("erp").remove("erp_order_payment");
        try {
            FEED.send(account, new OrderGenerator(4_100_000), 40);
            awaitHalted();
            assertThat(guard.health().getDetails().get("reason").toString())
                    .contains("unknown table").contains("config/starrocks/erp_order_payment.sql");
            assertThat(KAFKA.committed(GROUP, TOPIC)).isEqualTo(before);
            // the tables before it in the batch were loaded: the replay must not load them again
            assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isPositive();
        } finally {
            STREAMLOAD.tables("erp").put("erp_order_payment", payments);
        }
        camel.getRouteController().startRoute(ROUTE);
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC)
                && payments.count("account", account) == 40);
        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isEqualTo(40);
        assertThat(STREAMLOAD.table("erp_order").count("account", account)).isEqualTo(40);
    }

    private void awaitHalted() {
        await().atMost(Duration.ofSeconds(30)).until(() -> guard.health().getStatus().equals(Status.DOWN)
                && camel.getRouteController().getRouteStatus(ROUTE).isStopped());
    }

    private static void awaitQuiet() {
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
    }
}
