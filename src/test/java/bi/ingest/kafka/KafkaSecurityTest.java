package bi.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.SecuredKafka;
import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.TestSandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/**
 * A broker with SASL (PLAIN, SCRAM) and TLS listeners: the service works with the documented settings
 * (config/application-production.yml: SASL_SSL + SCRAM-SHA-512), and refused credentials stop its start with a
 * message that says so, instead of consumers retrying in silence.
 */
class KafkaSecurityTest {

    private static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();
    private static SecuredKafka kafka;
    private static Path work;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        work = Files.createTempDirectory(Path.of("target"), "secured-kafka-");
        kafka = SecuredKafka.start(work);
        kafka.plain().createTopic(LekeFeed.ORDERS, 2);
        kafka.plain().createTopic(LekeFeed.STOCK, 1);
        kafka.plain().createTopic(LekeFeed.STOCK + ".dlq", 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void theServiceLoadsThroughSaslSslWithScramAsDocumented() throws Exception {
        String tenant = "secured-" + Long.toHexString(System.nanoTime());
        LekeFeed leke = new LekeFeed(kafka.plain());
        leke.send(LekeFeed.ORDERS, LekeFeed.order("order.created", tenant, "LK-S1", "2026-11-24T10:00:00+08:00", "PAID", 2, 1));
        Map<String, Object> unknown = LekeFeed.stock(tenant, "W1", "S1", 1, 0, "2026-11-24T10:00:00+08:00");
        unknown.put("event_type", "stock.frozen");
        leke.send(LekeFeed.STOCK, unknown);
        leke.flush();

        Process service = start("sasl-ssl", SecuredKafka.PASSWORD);
        await().atMost(Duration.ofSeconds(120)).until(() -> !service.isAlive()
                || STREAMLOAD.table("erp_order_item").count("account", tenant) == 2
                && STREAMLOAD.table("erp_order").count("account", tenant) == 1); // the batch's tables load side by side
        assertThat(service.isAlive()).as("service running; log: %s", log("sasl-ssl")).isTrue();
        assertThat(STREAMLOAD.table("erp_order").count("account", tenant)).isEqualTo(1);
        // the service's producers authenticate too: the dead-letter route parked the unknown event
        await().atMost(Duration.ofSeconds(60)).until(() -> kafka.plain().readAll(LekeFeed.STOCK + ".dlq").stream()
                .anyMatch(r -> r.key().startsWith(tenant)));
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka.plain().fullyCommitted("secured.leke", LekeFeed.ORDERS));
        assertThat(log("sasl-ssl")).contains("(SASL_SSL SCRAM-SHA-512) answers").doesNotContain(SecuredKafka.PASSWORD)
                .doesNotContain(SecuredKafka.STORE_PASSWORD);
    }

    @Test
    void refusedCredentialsStopTheStartWithAClearMessage() throws Exception {
        Process service = start("wrong-password", "not-the-password");
        assertThat(service.waitFor(120, TimeUnit.SECONDS)).as("the service gave up starting").isTrue();
        assertThat(service.exitValue()).isNotZero();
        assertThat(log("wrong-password"))
                .contains("Kafka at " + kafka.address("SASL_SSL") + " refused the service's credentials (SASL_SSL SCRAM-SHA-512)")
                .contains("Authentication failed")
                .contains("Check camel.component.kafka.security-protocol, sasl-mechanism and sasl-jaas-config.")
                .doesNotContain("not-the-password");
    }

    @Test
    void plainAndScramOverSaslPlaintextAndTlsAloneAreAccepted() {
        for (String mechanism : List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")) {
            try (KafkaCluster cluster = cluster(sasl("SASL_PLAINTEXT", mechanism, SecuredKafka.PASSWORD))) {
                cluster.checkAtStartup();
                assertThat(cluster.health().getStatus()).as(mechanism).isEqualTo(Status.UP);
            }
        }
        Map<String, Object> tls = new HashMap<>(Map.of("bootstrap.servers", kafka.address("SSL"), "security.protocol", "SSL"));
        tls.putAll(truststore());
        try (KafkaCluster cluster = cluster(tls)) {
            cluster.checkAtStartup();
            assertThat(cluster.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void aWrongScramPasswordOrAnUntrustedCertificateIsRefusedAtOnce() {
        try (KafkaCluster cluster = cluster(sasl("SASL_PLAINTEXT", "SCRAM-SHA-256", "wrong"))) {
            assertThatThrownBy(cluster::checkAtStartup).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("refused the service's credentials (SASL_PLAINTEXT SCRAM-SHA-256)");
            assertThat(cluster.health().getStatus()).isEqualTo(Status.DOWN);
        }
        try (KafkaCluster cluster = cluster(Map.of("bootstrap.servers", kafka.address("SSL"), "security.protocol", "SSL"))) {
            assertThatThrownBy(cluster::checkAtStartup).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the TLS handshake failed (SSL): SSL handshake failed.")
                    .hasMessageContaining("Check camel.component.kafka.ssl-truststore-location");
        }
    }

    @Test
    void anUnreachableClusterOnlyWarnsAndHealthSaysDown() throws Exception {
        KafkaProperties quick = new KafkaProperties();
        quick.setStartupCheckTimeout(Duration.ofSeconds(2));
        quick.setHealthTimeout(Duration.ofSeconds(1));
        try (KafkaCluster cluster = new KafkaCluster(Map.of("bootstrap.servers", "127.0.0.1:" + ServiceProcess.freePort()), quick)) {
            cluster.checkAtStartup();
            assertThat(cluster.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(cluster.health().getDetails()).containsEntry("error", "no answer within PT1S");
        }
    }

    private static KafkaCluster cluster(Map<String, Object> settings) {
        KafkaProperties props = new KafkaProperties();
        props.setStartupCheckTimeout(Duration.ofSeconds(20));
        return new KafkaCluster(settings, props);
    }

    private static Map<String, Object> sasl(String protocol, String mechanism, String password) {
        return Map.of("bootstrap.servers", kafka.address(protocol), "security.protocol", protocol,
                "sasl.mechanism", mechanism, "sasl.jaas.config", SecuredKafka.jaas(mechanism, SecuredKafka.USER, password));
    }

    private static Map<String, Object> truststore() {
        return Map.of("ssl.truststore.location", kafka.truststore().toString(), "ssl.truststore.type", "PKCS12",
                "ssl.truststore.password", SecuredKafka.STORE_PASSWORD);
    }

    /** The service with the settings of config/application-production.yml, pointed at this broker's SASL_SSL listener. */
    private Process start(String name, String password) throws Exception {
        Process p = ServiceProcess.start(work, name, List.of(
                "--server.port=0",
                "--camel.component.kafka.brokers=" + kafka.address("SASL_SSL"),
                "--camel.component.kafka.security-protocol=SASL_SSL",
                "--camel.component.kafka.sasl-mechanism=SCRAM-SHA-512",
                "--camel.component.kafka.sasl-jaas-config=" + SecuredKafka.jaas("SCRAM-SHA-512", SecuredKafka.USER, password),
                "--camel.component.kafka.ssl-truststore-location=" + kafka.truststore(),
                "--camel.component.kafka.ssl-truststore-type=PKCS12",
                "--camel.component.kafka.ssl-truststore-password=" + SecuredKafka.STORE_PASSWORD,
                "--bi.load.consumer.group-id=secured",
                // another deployment loading into the same database: its own labels (its broker's topics and offsets
                // repeat the suite's, and a label already loaded would be taken for this load)
                "--bi.load.label-prefix=secured",
                "--bi.load.consumer.poll-timeout-ms=200",
                "--bi.streamload.fe-url=" + STREAMLOAD.feUrl(),
                "--bi.streamload.username=" + TestSandboxes.STREAMLOAD_USER,
                "--bi.streamload.password=" + TestSandboxes.STREAMLOAD_PASSWORD,
                "--spring.datasource.url=jdbc:h2:file:" + work.toAbsolutePath().resolve(name) + ";AUTO_SERVER=TRUE;WRITE_DELAY=0"));
        processes.add(p);
        return p;
    }

    private static String log(String name) throws Exception {
        return Files.readString(work.resolve(name + ".log"));
    }
}
