package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.SandboxFault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every transient Stream Load failure of the sandbox ends with every row loaded exactly once. */
class StreamLoadFaultsTest extends LoadPathTestSupport {

    private static final Map<SandboxFault, Duration> DURATIONS = Map.of(
            SandboxFault.PUBLISH_TIMEOUT, Duration.ofMillis(800),
            SandboxFault.SLOW, Duration.ofSeconds(4), // longer than the client's 3 s response timeout in tests
            SandboxFault.LABEL_RUNNING, Duration.ofMillis(1500),
            SandboxFault.FE_SLOW_CONTINUE, Duration.ofMillis(1500)); // longer than the 1 s wait-for-continue in tests

    @Autowired
    StreamLoader loader;

    @AfterEach
    void clearFaults() {
        STREAMLOAD.clearFaults();
        STREAMLOAD.backendAlive(true);
    }

    @Test
    void whileStarRocksIsUnavailableTheBreakerOpensNothingIsCommittedAndLoadingResumesByItself() {
        String account = account("outage");
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        Map<TopicPartition, Long> before = KAFKA.committed(GROUP, TOPIC);
        STREAMLOAD.backendAlive(false); // the FE answers "No backend alive." to every load
        List<Map<String, Object>> orders = FEED.send(account, new OrderGenerator(3_900_000), 40);

        await().atMost(Duration.ofSeconds(30)).until(() -> loader.breakerState() == CircuitBreaker.State.OPEN);
        assertThat(KAFKA.committed(GROUP, TOPIC)).isEqualTo(before);
        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isZero();

        STREAMLOAD.backendAlive(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        assertThat(loader.breakerState()).isNotEqualTo(CircuitBreaker.State.OPEN);
        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isEqualTo(orders.size());
        assertThat(STREAMLOAD.table("erp_order").count("account", account)).isEqualTo(orders.size());
    }

    @ParameterizedTest
    @EnumSource(value = SandboxFault.class, names = {"PUBLISH_TIMEOUT", "TOO_MANY_VERSIONS", "COMMIT_UNKNOWN",
            "RESET_AFTER_BODY", "LABEL_RUNNING", "SLOW", "HTTP_LIMIT", "MEM_LIMIT", "TXN_LIMIT", "FE_SLOW_CONTINUE"})
    void everyRowIsLoadedExactlyOnceDespite(SandboxFault fault) {
        String account = account("fault-" + fault);
        OrderGenerator gen = new OrderGenerator(3_000_000 + fault.ordinal() * 10_000L);
        Duration d = DURATIONS.getOrDefault(fault, Duration.ZERO);
        STREAMLOAD.inject(fault, "erp_raw_event", 2, d);
        STREAMLOAD.inject(fault, "erp_order", 1, d);
        List<Map<String, Object>> orders = FEED.send(account, gen, 60);
        int items = orders.stream().mapToInt(o -> ((List<?>) o.get("items")).size()).sum();

        await().atMost(Duration.ofSeconds(90)).until(() -> STREAMLOAD.pendingFaults() == 0
                && KAFKA.fullyCommitted(GROUP, TOPIC)
                && STREAMLOAD.table("erp_raw_event").count("account", account) >= 60
                && STREAMLOAD.table("erp_order").count("account", account) >= 60);

        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isEqualTo(60);
        // not one load committed twice: labels, not keys, keep it exact
        assertThat(STREAMLOAD.table("erp_raw_event").committedOf(account)).isEqualTo(60);
        assertThat(STREAMLOAD.table("erp_order").count("account", account)).isEqualTo(60);
        assertThat(STREAMLOAD.table("erp_order_item").count("account", account)).isEqualTo(items);
        assertThat(STREAMLOAD.table("erp_order_payment").count("account", account)).isEqualTo(60);
    }
}
