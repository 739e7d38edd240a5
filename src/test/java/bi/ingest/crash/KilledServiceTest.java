package bi.ingest.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.SandboxFault;
import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.TestSandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service as a separate process, killed with SIGKILL (or stopped with SIGTERM) while a batch is half loaded,
 * then started again: every row lands exactly once, and no load is committed twice.
 */
class KilledServiceTest {

    private static final String TOPIC = "crash.jushuitan.orders";
    private static final String GROUP = "crash-test.jushuitan-orders";
    private static final KafkaSandbox KAFKA = TestSandboxes.kafka();
    private static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
        STREAMLOAD.clearFaults();
    }

    @Test
    void aServiceKilledInTheMiddleOfABatchLoadsEveryRowExactlyOnceAfterRestart() throws Exception {
        KAFKA.createTopic(TOPIC, 2);
        Path work = Files.createTempDirectory(Path.of("target"), "crash-");
        String account = "crash-" + Long.toHexString(System.nanoTime());
        // the payments load of the first batch hangs; the batch's other tables, loaded beside it, are done meanwhile
        STREAMLOAD.inject(SandboxFault.SLOW, "erp_order_payment", 1, Duration.ofSeconds(8));
        List<Map<String, Object>> orders = new OrderFeed(KAFKA, TOPIC).send(account, new OrderGenerator(6_000_000), 3_000);
        int items = orders.stream().mapToInt(o -> ((List<?>) o.get("items")).size()).sum();

        Process first = startService(work, "first", TOPIC, "crash-test");
        await().atMost(Duration.ofSeconds(90)).until(() -> STREAMLOAD.pendingFaults() == 0
                && STREAMLOAD.table("erp_raw_event").count("account", account) > 0);
        first.destroyForcibly().waitFor();
        assertThat(KAFKA.fullyCommitted(GROUP, TOPIC)).isFalse();

        startService(work, "second", TOPIC, "crash-test");
        await().atMost(Duration.ofSeconds(120)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC)
                && STREAMLOAD.table("erp_order_payment").count("account", account) == 3_000);

        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isEqualTo(3_000);
        assertThat(STREAMLOAD.table("erp_raw_event").committedOf(account))
                .as("the replayed batch was not committed again").isEqualTo(3_000);
        assertThat(STREAMLOAD.table("erp_order").count("account", account)).isEqualTo(3_000);
        assertThat(STREAMLOAD.table("erp_order_item").count("account", account)).isEqualTo(items);
        assertThat(Files.readString(work.resolve("second.log"))).contains("replayed_plan=true");
    }

    @Test
    void aServiceStoppedGracefullyDuringABatchLoadsEveryRowExactlyOnceAfterRestart() throws Exception {
        String topic = "graceful.jushuitan.orders";
        String group = "graceful-test.jushuitan-orders";
        KAFKA.createTopic(topic, 2);
        Path work = Files.createTempDirectory(Path.of("target"), "graceful-");
        String account = "graceful-" + Long.toHexString(System.nanoTime());
        STREAMLOAD.inject(SandboxFault.SLOW, "erp_order_payment", 1, Duration.ofSeconds(5));
        List<Map<String, Object>> orders = new OrderFeed(KAFKA, topic).send(account, new OrderGenerator(6_500_000), 3_000);
        int items = orders.stream().mapToInt(o -> ((List<?>) o.get("items")).size()).sum();

        Process first = startService(work, "first", topic, "graceful-test");
        await().atMost(Duration.ofSeconds(90)).until(() -> STREAMLOAD.pendingFaults() == 0); // a load is in flight
        first.destroy(); // SIGTERM: Spring and Camel shut down gracefully
        assertThat(first.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("stopped within the shutdown timeout").isTrue();
        assertThat(Files.readString(work.resolve("first.log"))).contains("is shutting down (timeout");

        startService(work, "second", topic, "graceful-test");
        await().atMost(Duration.ofSeconds(120)).until(() -> KAFKA.fullyCommitted(group, topic)
                && STREAMLOAD.table("erp_order_payment").count("account", account) == 3_000);
        assertThat(STREAMLOAD.table("erp_raw_event").committedOf(account)).isEqualTo(3_000);
        assertThat(STREAMLOAD.table("erp_order").committedOf(account)).isEqualTo(3_000);
        assertThat(STREAMLOAD.table("erp_order_item").count("account", account)).isEqualTo(items);
        assertThat(STREAMLOAD.table("erp_order_payment").committedOf(account)).isEqualTo(3_000);
    }

    private Process startService(Path work, String name, String topic, String groupPrefix) throws Exception {
        List<String> args = new ArrayList<>(ServiceProcess.ownTopics(groupPrefix));
        args.removeIf(a -> a.startsWith("--bi.topics.jushuitan-orders="));
        args.addAll(List.of(
                "--server.port=0",
                "--camel.component.kafka.brokers=" + KAFKA.bootstrapServers(),
                "--bi.topics.jushuitan-orders=" + topic,
                // the killed member leaves the group after this long instead of the default 45 s
                "--camel.component.kafka.session-timeout-ms=6000",
                "--camel.component.kafka.heartbeat-interval-ms=1000",
                "--bi.load.consumer.group-id=" + groupPrefix,
                "--bi.load.consumer.max-batch-records=1000",
                "--bi.load.consumer.poll-timeout-ms=200",
                "--bi.streamload.fe-url=" + STREAMLOAD.feUrl(),
                "--bi.streamload.username=" + TestSandboxes.STREAMLOAD_USER,
                "--bi.streamload.password=" + TestSandboxes.STREAMLOAD_PASSWORD,
                "--bi.streamload.response-timeout=20s",
                "--bi.streamload.label-state-poll-initial=200ms",
                "--bi.streamload.retry.initial-backoff=100ms",
                "--spring.datasource.url=jdbc:h2:file:" + work.toAbsolutePath().resolve("state") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0"));
        Process p = ServiceProcess.start(work, name, args);
        processes.add(p);
        return p;
    }
}
