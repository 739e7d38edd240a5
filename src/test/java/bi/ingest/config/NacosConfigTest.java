package bi.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.NacosServer;
import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.TestSandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Against a real Nacos server (2.3.2, authentication on, in its own JVM; one per run of this class): the service
 * starts and loads with Nacos down (on its embedded and file configuration), picks Nacos's settings up once Nacos
 * answers, and applies a change published in Nacos while it runs: Stream Load's endpoint moves to another StarRocks
 * and the next rows land there. Started with Nacos up, Nacos's settings override the configuration files and yield
 * to the command line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NacosConfigTest {

    private static final KafkaSandbox KAFKA = TestSandboxes.kafka();
    private static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();
    private static final String NAMESPACE = "bi-ingest-test";
    private static final String NACOS_USER = "bi-ingest";
    private static final String NACOS_PASSWORD = "nacos-pw-4be19c";

    /** The run's Nacos server: started by the first test (after the service, so that it starts with Nacos down). */
    private static NacosServer nacos;

    private Process service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @AfterAll
    static void stopNacos() {
        if (nacos != null) {
            nacos.close();
        }
    }

    private static synchronized NacosServer nacos(int port) throws Exception {
        if (nacos == null) {
            nacos = NacosServer.on(port, Path.of("target", "nacos-server-" + port)).start();
            nacos.createNamespace(NAMESPACE);
            nacos.addUser(NACOS_USER, NACOS_PASSWORD, NAMESPACE);
        }
        return nacos;
    }

    @Test
    @Order(1)
    void startsWithNacosDownAndAppliesItsSettingsOnceItAnswersAndWhenTheyChange() throws Exception {
        int nacosPort = NacosServer.freePort();
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
        try (StreamLoadSandbox other = StreamLoadSandbox.start(TestSandboxes.STREAMLOAD_USER, TestSandboxes.STREAMLOAD_PASSWORD)) {
            List<String> args = new ArrayList<>(ServiceProcess.ownTopics("nacos-test"));
            args.removeIf(a -> a.startsWith("--bi.leke.topics="));
            args.addAll(List.of(
                    "--server.port=0",
                    "--spring.config.additional-location=file:" + work.toAbsolutePath().resolve("deployment.yml"),
                    "--camel.component.kafka.brokers=" + KAFKA.bootstrapServers(),
                    "--bi.leke.topics=" + topic.replace(".", "\\."),
                    "--bi.load.consumer.group-id=nacos-test",
                    "--bi.load.consumer.poll-timeout-ms=200",
                    "--bi.load.consumer.batching-interval-ms=200",
                    "--bi.nacos.enabled=true",
                    "--bi.nacos.server-addr=127.0.0.1:" + nacosPort,
                    "--bi.nacos.namespace=" + NAMESPACE,
                    "--bi.nacos.username=" + NACOS_USER,
                    "--bi.nacos.password=" + NACOS_PASSWORD,
                    "--bi.nacos.client-dir=" + work.toAbsolutePath().resolve("nacos-client"),
                    "--spring.datasource.url=jdbc:h2:file:" + work.toAbsolutePath().resolve("state") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0"));
            service = ServiceProcess.start(work, "service", args);
            LekeFeed leke = new LekeFeed(KAFKA);
            String tenant = "nacos-" + Long.toHexString(System.nanoTime());
            // once the service has asked Nacos and found it down, Nacos starts (it boots while the service does)
            await().atMost(Duration.ofSeconds(120)).until(() -> !service.isAlive()
                    || log(work).contains("[Nacos Config] config[dataId=bi-ingest.yaml, group=DEFAULT_GROUP] is empty"));
            CompletableFuture<NacosServer> nacosUp = CompletableFuture.supplyAsync(() -> {
                try {
                    return nacos(nacosPort);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });

            // Nacos is down: the service starts on its own configuration and loads into A
            leke.send(topic, LekeFeed.stock(tenant, "W1", "SKU-1", 1, 0, "2026-11-24T10:00:00+08:00"));
            await().atMost(Duration.ofSeconds(120)).until(() -> !service.isAlive()
                    || STREAMLOAD.table("erp_inventory").count("account", tenant) == 1);
            assertThat(service.isAlive()).as("running; log: %s", log(work)).isTrue();
            assertThat(log(work)).contains("Nacos unreachable");

            // Nacos comes up with the config that points at B: the client's listener applies it without a restart
            nacosUp.get(180, TimeUnit.SECONDS).publish(NAMESPACE, "DEFAULT_GROUP", "bi-ingest.yaml",
                    "bi:\n  streamload:\n    fe-url: " + other.feUrl() + "\n");
            await().atMost(Duration.ofSeconds(60)).until(() -> log(work).contains("Nacos configuration changed: applied now [bi.streamload.fe-url]"));
            leke.send(topic, LekeFeed.stock(tenant, "W1", "SKU-2", 2, 0, "2026-11-24T10:00:00+08:00"));
            await().atMost(Duration.ofSeconds(60)).until(() -> other.table("erp_inventory").count("account", tenant) == 1);
            assertThat(STREAMLOAD.table("erp_inventory").count("account", tenant)).isEqualTo(1);

            // an operator publishes a change in Nacos: back to A, smaller batches (the load routes restart with them),
            // and a setting that only a restart applies
            nacos.publish(NAMESPACE, "DEFAULT_GROUP", "bi-ingest.yaml", "bi:\n  streamload:\n    fe-url: " + STREAMLOAD.feUrl()
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
            // the client keeps its snapshot under the service's data directory, not in the user's home
            try (var files = Files.walk(work.resolve("nacos-client"))) {
                assertThat(files.filter(f -> f.getFileName().toString().equals("bi-ingest.yaml"))).isNotEmpty();
            }
        }
    }

    @Test
    @Order(2)
    void startedWithNacosUpItsSettingsOverrideTheFilesAndYieldToTheCommandLine() throws Exception {
        NacosServer server = nacos(NacosServer.freePort());
        String dataId = "precedence-" + Long.toHexString(System.nanoTime()) + ".yaml";
        server.publish(NAMESPACE, "DEFAULT_GROUP", dataId, "bi:\n  streamload:\n    database: from_nacos\n"
                + "    username: from-nacos\n    label-state-max-wait: 7s\n");
        Path file = Files.createTempFile(Path.of("target"), "deployment-", ".yml");
        Files.writeString(file, "bi:\n  streamload:\n    database: from_file\n    username: from-file\n"
                + "    load-timeout-seconds: 99\n");
        List<String> args = List.of("--bi.nacos.enabled=true", "--bi.nacos.server-addr=" + server.address(),
                "--bi.nacos.namespace=" + NAMESPACE, "--bi.nacos.data-id=" + dataId,
                "--bi.nacos.username=" + NACOS_USER, "--bi.nacos.password=" + NACOS_PASSWORD,
                "--bi.nacos.client-dir=" + file.getParent().toAbsolutePath().resolve("nacos-client-" + dataId),
                "--spring.config.additional-location=file:" + file.toAbsolutePath(),
                "--bi.streamload.username=from-command-line", "--spring.main.banner-mode=off");
        Map<String, String> settings = probe(file.getParent(), args);
        assertThat(settings.get("bi.streamload.database")).as("Nacos over a deployment file").isEqualTo("from_nacos");
        assertThat(settings.get("bi.streamload.label-state-max-wait")).as("Nacos over application.yml").isEqualTo("7s");
        assertThat(settings.get("bi.streamload.username")).as("the command line over Nacos").isEqualTo("from-command-line");
        assertThat(settings.get("bi.streamload.load-timeout-seconds")).as("a file where Nacos is silent").isEqualTo("99");
        // the wrong password: Nacos refuses, and the service starts on its files
        List<String> refused = new ArrayList<>(args.stream()
                .map(a -> a.replace("--bi.nacos.password=", "--bi.nacos.password=not-")
                        .replace("nacos-client-", "nacos-client-refused-")).toList());
        assertThat(probe(file.getParent(), refused).get("bi.streamload.database")).isEqualTo("from_file");
    }

    /** The settings the service's environment resolves with {@code args}, read in a JVM of its own. */
    private static Map<String, String> probe(Path work, List<String> args) throws Exception {
        Path out = Files.createTempFile(work, "probe-", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dprobe.keys=" + String.join(",", PROBED),
                "-cp", System.getProperty("java.class.path"), EnvironmentProbe.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Map<String, String> settings = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("PROBE ")) {
                settings.put(line.substring(6, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(settings).as("probe output: %s", Files.readString(out)).hasSize(PROBED.size());
        return settings;
    }

    private static final List<String> PROBED = List.of("bi.streamload.database", "bi.streamload.label-state-max-wait",
            "bi.streamload.username", "bi.streamload.load-timeout-seconds");

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
