package bi.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.NacosSandbox;
import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.TestSandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service starts and loads with Nacos unreachable (on its embedded and file configuration), picks Nacos's
 * settings up once Nacos answers, and applies a change published in Nacos while it runs: Stream Load's endpoint
 * moves to another StarRocks and the next rows land there.
 */
class NacosConfigTest {

    private static final KafkaSandbox KAFKA = TestSandboxes.kafka();
    private static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();
    private static final String NACOS_USER = "bi-ingest";
    private static final String NACOS_PASSWORD = "nacos-pw-4be19c";

    private Process service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @Test
    void startsWithNacosDownAndAppliesItsSettingsOnceItAnswersAndWhenTheyChange() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "nacos-");
        // a topic of its own, outside the pattern of the test suite's running service (which would load it too)
        String topic = "nacos-test.leke.stock_" + Long.toHexString(System.nanoTime());
        KAFKA.createTopic(topic, 1);
        // the deployment's own file: Stream Load A (Nacos overrides files like this one, not the command line)
        Files.writeString(work.resolve("deployment.yml"), """
                bi:
                  streamload:
                    fe-url: %s
                    username: %s
                    password: %s
                """.formatted(STREAMLOAD.feUrl(), TestSandboxes.STREAMLOAD_USER, TestSandboxes.STREAMLOAD_PASSWORD));
        try (StreamLoadSandbox other = StreamLoadSandbox.start(TestSandboxes.STREAMLOAD_USER, TestSandboxes.STREAMLOAD_PASSWORD);
             NacosSandbox nacos = new NacosSandbox(ServiceProcess.freePort(), NACOS_USER, NACOS_PASSWORD)) {
            service = ServiceProcess.start(work, "service", List.of(
                    "--server.port=0",
                    "--spring.config.additional-location=file:" + work.toAbsolutePath().resolve("deployment.yml"),
                    "--camel.component.kafka.brokers=" + KAFKA.bootstrapServers(),
                    "--bi.leke.topics=" + topic.replace(".", "\\."),
                    "--bi.load.consumer.group-id=nacos-test",
                    "--bi.load.consumer.poll-timeout-ms=200",
                    "--bi.nacos.server-addr=" + nacos.address(),
                    "--bi.nacos.username=" + NACOS_USER,
                    "--bi.nacos.password=" + NACOS_PASSWORD,
                    "--bi.nacos.poll-interval=500ms",
                    "--spring.datasource.url=jdbc:h2:file:" + work.toAbsolutePath().resolve("state") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0"));
            LekeFeed leke = new LekeFeed(KAFKA);
            String tenant = "nacos-" + Long.toHexString(System.nanoTime());

            // Nacos is down: the service starts on its own configuration and loads into A
            leke.send(topic, LekeFeed.stock(tenant, "W1", "SKU-1", 1, 0, "2026-11-24T10:00:00+08:00"));
            await().atMost(Duration.ofSeconds(120)).until(() -> !service.isAlive()
                    || STREAMLOAD.table("erp_inventory").count("account", tenant) == 1);
            assertThat(service.isAlive()).as("running; log: %s", log(work)).isTrue();
            assertThat(log(work)).contains("Nacos unreachable");

            // Nacos comes up with the config that points at B: applied without a restart
            nacos.publish("", "DEFAULT_GROUP", "bi-ingest.yaml", "bi:\n  streamload:\n    fe-url: " + other.feUrl() + "\n");
            nacos.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> log(work).contains("Nacos configuration changed: applied now [bi.streamload.fe-url]"));
            leke.send(topic, LekeFeed.stock(tenant, "W1", "SKU-2", 2, 0, "2026-11-24T10:00:00+08:00"));
            await().atMost(Duration.ofSeconds(60)).until(() -> other.table("erp_inventory").count("account", tenant) == 1);
            assertThat(STREAMLOAD.table("erp_inventory").count("account", tenant)).isEqualTo(1);

            // an operator publishes a change in Nacos: back to A, smaller batches (the load routes restart with them),
            // and a setting that only a restart applies
            nacos.publish("", "DEFAULT_GROUP", "bi-ingest.yaml", "bi:\n  streamload:\n    fe-url: " + STREAMLOAD.feUrl()
                    + "\n  load:\n    consumer:\n      max-batch-records: 100\n  backfill:\n    workers: 3\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> log(work).contains("[bi.backfill.workers] take effect at the next start"));
            assertThat(log(work)).contains("Nacos configuration changed: applied now [bi.load.consumer.max-batch-records, bi.streamload.fe-url]")
                    .containsPattern("load routes \\[[^]]*load-jushuitan-orders[^]]*load-leke[^]]*] restarted with max-batch-records=100");
            for (int n = 0; n < 450; n++) {
                leke.send(topic, LekeFeed.stock(tenant, "W2", "SKU-" + n, n, 0, "2026-11-24T11:00:00+08:00"));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> STREAMLOAD.table("erp_inventory").count("account", tenant) == 451);
            assertThat(other.table("erp_inventory").count("account", tenant)).isEqualTo(1);
            // the batch's log line follows its loads (it is written once the offsets are committed)
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    batchSizes(log(work), topic).stream().mapToInt(Integer::intValue).sum() == 452); // 2 before the change, 450 after
            List<Integer> batches = batchSizes(log(work), topic);
            assertThat(batches.subList(2, batches.size())).as("batches after the change").allMatch(b -> b <= 100).hasSizeGreaterThanOrEqualTo(5);
            assertThat(log(work)).doesNotContain(NACOS_PASSWORD).doesNotContain(other.feUrl().replace("http://", "") + " password");
        }
    }

    /** Records per committed batch of the topic, in the order the service logged them. */
    private static List<Integer> batchSizes(String log, String topic) {
        Matcher m = Pattern.compile("batch committed topic=" + Pattern.quote(topic) + " partition=\\d+ offsets=\\S+ records=(\\d+)").matcher(log);
        List<Integer> sizes = new ArrayList<>();
        while (m.find()) {
            sizes.add(Integer.parseInt(m.group(1)));
        }
        return sizes;
    }

    private static String log(Path work) throws Exception {
        return Files.readString(work.resolve("service.log"));
    }
}
