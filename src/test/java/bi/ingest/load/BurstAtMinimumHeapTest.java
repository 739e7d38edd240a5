package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.SandboxFault;
import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.TestSandboxes;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service as its own process at the README's minimum heap (512 MB, {@link ServiceProcess}) and default batch
 * settings: a burst of valid orders mixed with corrupted records of every kind ERPs and broken producers send,
 * hundreds of them over {@code bi.load.max-record-bytes}; a consumer thread killed by an Error; and a load route that
 * cannot commit. Nothing stalls silently, nothing is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BurstAtMinimumHeapTest {

    private static final KafkaSandbox KAFKA = TestSandboxes.kafka();
    private static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();
    private static final String PREFIX = "burst" + Long.toHexString(System.nanoTime() & 0xffffff);
    private static final String ORDERS = PREFIX + ".orders";
    private static final String DLQ = ORDERS + ".dlq";
    private static final String GROUP = PREFIX + ".jushuitan-orders";
    private static final int OVER_LIMIT_BYTES = 1_100_000; // bi.load.max-record-bytes is 1 MiB

    private static Process service;
    private static Path work;
    private static AdminClient admin;

    @BeforeAll
    static void startService() throws Exception {
        work = Files.createTempDirectory(Path.of("target"), "burst-");
        KAFKA.createTopic(ORDERS, 4);
        KAFKA.createTopic(DLQ, 1);
        int port = ServiceProcess.freePort();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--camel.component.kafka.brokers=" + KAFKA.bootstrapServers(),
                "--camel.component.kafka.interceptor-classes=" + DyingConsumerInterceptor.class.getName(),
                "--bi.load.consumer.group-id=" + PREFIX,
                "--bi.load.label-prefix=" + PREFIX,
                "--bi.load.stuck-after=5s",
                "--bi.load.lag-schedule=0/2 * * * * ?",
                "--bi.leke.topics=" + PREFIX + "-leke\\.[^.]+",
                "--bi.streamload.fe-url=" + STREAMLOAD.feUrl(),
                "--bi.streamload.username=" + TestSandboxes.STREAMLOAD_USER,
                "--bi.streamload.password=" + TestSandboxes.STREAMLOAD_PASSWORD,
                "--bi.streamload.retry.initial-backoff=100ms",
                "--bi.streamload.retry.max-backoff=1s",
                "--bi.admin.password=" + TestSandboxes.ADMIN_PASSWORD,
                "--bi.secrets.key=" + TestSandboxes.SECRETS_KEY,
                "--spring.datasource.url=" + ServiceProcess.h2Url(work)));
        for (String entity : List.of("orders", "refunds", "inventory", "skus", "shops")) {
            args.add("--bi.topics.jushuitan-" + entity + "=" + PREFIX + "." + entity);
        }
        service = ServiceProcess.start(work, "service", args, true);
        admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
        // the JVM's defaults (C2, G1) start slowest of the suite's service processes: beside busy test JVMs this one
        // took over 90 s twice without the class-data archive (in runs with a fourth test JVM, and with C2 test JVMs)
        await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(() -> health().path("status").asText().equals("UP"));
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.destroyForcibly();
        }
        STREAMLOAD.clearFaults();
    }

    @Test
    @Order(1)
    void aBurstOfValidAndCorruptedRecordsIsLoadedOrDeadLetteredWithoutRunningOutOfMemory() throws Exception {
        String account = "burst-" + Long.toHexString(System.nanoTime());
        String spoiledAccount = account + "-bad"; // its own account: a corrupted record never shares a key with a valid one
        Set<String> accounts = Set.of(account, spoiledAccount);
        OrderGenerator valid = new OrderGenerator(40_000_000);
        OrderGenerator spoiled = new OrderGenerator(41_000_000);
        Random random = new Random(17);
        List<Future<RecordMetadata>> validSent = new ArrayList<>();
        List<Future<RecordMetadata>> corruptedSent = new ArrayList<>();
        int overLimit = 0;
        for (int n = 0; n < 10_000; n++) {
            Map<String, Object> order = valid.order(n, 0);
            validSent.add(send(account, String.valueOf(order.get("o_id")), valid.json(order), valid.orderId(n)));
            byte[] bad = n % 19 == 0 ? overLimit(spoiled, n) : corrupted(spoiled, n, random);
            overLimit += n % 19 == 0 ? 1 : 0;
            corruptedSent.add(send(spoiledAccount, "bad-" + n, bad, spoiled.orderId(n)));
        }
        KAFKA.flush();
        Set<String> validOffsets = offsets(validSent);
        Set<String> corruptedOffsets = offsets(corruptedSent);
        assertThat(overLimit).isGreaterThanOrEqualTo(500);

        long[] peakHeap = {0};
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            assertThat(service.isAlive()).as("the service process is alive").isTrue();
            peakHeap[0] = Math.max(peakHeap[0], heapUsed());
            return KAFKA.fullyCommitted(GROUP, ORDERS);
        });
        System.out.printf("burst at -Xmx512m: highest heap use sampled %d MB%n", peakHeap[0] >> 20);

        Set<String> loaded = new HashSet<>();
        STREAMLOAD.table("erp_raw_event").rows(r -> accounts.contains(r.get("account")))
                .forEach(r -> loaded.add(r.get("kafka_partition") + "@" + r.get("kafka_offset")));
        Set<String> parked = new HashSet<>();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, Integer> r : KAFKA.readAll(DLQ, sizes())) {
            if (accounts.contains(header(r, LoadHeaders.ACCOUNT))) {
                assertThat(parked.add(header(r, "bi-dlq-origin-partition") + "@" + header(r, "bi-dlq-origin-offset")))
                        .as("parked once").isTrue();
                assertThat(header(r, "bi-dlq-reason")).as("a reason").isNotBlank();
                reasons.add(header(r, "bi-dlq-reason"));
            }
        }
        // set differences, not AssertJ's containsAll: that compares each element with every one of the other 10,000
        assertThat(minus(validOffsets, loaded)).as("every valid order is loaded").isEmpty();
        assertThat(common(validOffsets, parked)).as("no valid order is dead-lettered").isEmpty();
        Set<String> accounted = new HashSet<>(loaded);
        accounted.addAll(parked);
        assertThat(minus(corruptedOffsets, accounted)).as("every corrupted record is loaded or dead-lettered").isEmpty();
        assertThat(accounted).hasSize(validOffsets.size() + corruptedOffsets.size());
        assertThat(STREAMLOAD.table("erp_raw_event").committed(r -> accounts.contains(r.get("account"))))
                .as("each loaded once").isEqualTo(loaded.size());
        assertThat(reasons.stream().filter(r -> r.contains("exceeds bi.load.max-record-bytes")).count())
                .isEqualTo(overLimit);
        // a batch that failed and was polled again would still load each record once, so these are checked apart:
        // a record nested deeply overflowing a consumer thread's stack, and a consumer thread seeking while another
        // partition of its batch still committed on the same KafkaConsumer
        assertThat(Files.readString(work.resolve("service.log"))).doesNotContain("OutOfMemoryError")
                .doesNotContain("StackOverflowError").doesNotContain("KafkaConsumer is not safe for multi-threaded access");
    }

    @Test
    @Order(2)
    void aConsumerThreadKilledByAnErrorIsNamedInTheLogAndItsRouteConsumesAgain() throws Exception {
        String account = "dying-" + Long.toHexString(System.nanoTime());
        OrderGenerator gen = new OrderGenerator(42_000_000);
        Map<String, Object> order = gen.order(0, 0);
        ProducerRecord<String, byte[]> record = record(account, String.valueOf(order.get("o_id")), gen.json(order), gen.orderId(0));
        record.headers().add(DyingConsumerInterceptor.DIE, new byte[] {1});
        KAFKA.sendAndWait(record);

        Path log = work.resolve("service.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("LOAD CONSUMER DIED route=load-jushuitan-orders"));
        String died = Files.readAllLines(log).stream().filter(l -> l.contains("LOAD CONSUMER DIED")).findFirst().orElseThrow();
        assertThat(died).contains("KafkaConsumer[" + ORDERS + "]").contains("partitions=")
                .contains("injected by DyingConsumerInterceptor");
        await().atMost(Duration.ofSeconds(60)).until(() -> STREAMLOAD.table("erp_order").count("account", account) == 1
                && KAFKA.fullyCommitted(GROUP, ORDERS));
        assertThat(Files.readString(log)).contains("load route load-jushuitan-orders restarted after its consumer died");
        assertThat(health().path("components").path("loadConsumers").path("status").asText()).isEqualTo("UP");
        assertThat(admin.get("/actuator/prometheus").body())
                .containsPattern("bi_load_consumer_deaths_total\\{[^}]*route=\"load-jushuitan-orders\"[^}]*} 1\\.0");
    }

    @Test
    @Order(3)
    void aLoadRouteWithLagThatCommitsNothingIsReportedDownWithItsLagAndQuietTime() throws Exception {
        String account = "stuck-" + Long.toHexString(System.nanoTime());
        STREAMLOAD.inject(SandboxFault.HTTP_LIMIT, "erp_order", 1_000_000, Duration.ZERO); // retried, never loads
        OrderGenerator gen = new OrderGenerator(43_000_000);
        new OrderFeed(KAFKA, ORDERS).send(account, gen, 20);

        await().atMost(Duration.ofSeconds(60)).until(() -> health().path("components").path("loadProgress").path("status").asText().equals("DOWN"));
        JsonNode stuck = health().path("components").path("loadProgress").path("details").path("stuck").path(GROUP);
        assertThat(stuck.path("lag").asLong()).isEqualTo(20);
        // reported once quiet for more than stuck-after (5 s), in whole seconds
        assertThat(Duration.parse(stuck.path("quietFor").asText())).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(stuck.path("sinceLastCommit").asText()).isNotBlank();

        STREAMLOAD.clearFaults();
        await().atMost(Duration.ofSeconds(60)).until(() -> STREAMLOAD.table("erp_order").count("account", account) == 20
                && health().path("components").path("loadProgress").path("status").asText().equals("UP"));
    }

    private static JsonNode health() {
        return admin.get("/actuator/health").json();
    }

    private static long heapUsed() {
        JsonNode m = admin.get("/actuator/metrics/jvm.memory.used?tag=area:heap").json();
        return m.path("measurements").path(0).path("value").asLong();
    }

    private static Future<RecordMetadata> send(String account, String key, byte[] value, long orderId) {
        return KAFKA.producer().send(record(account, key, value, orderId));
    }

    private static ProducerRecord<String, byte[]> record(String account, String key, byte[] value, long orderId) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(ORDERS, key, value);
        r.headers().add(LoadHeaders.ACCOUNT, account.getBytes(StandardCharsets.UTF_8));
        r.headers().add(LoadHeaders.EVENT_ID, Long.toString(OrderFeed.eventId(orderId, 0)).getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static Set<String> offsets(List<Future<RecordMetadata>> sent) throws Exception {
        Set<String> out = new HashSet<>();
        for (Future<RecordMetadata> f : sent) {
            RecordMetadata m = f.get();
            out.add(m.partition() + "@" + m.offset());
        }
        return out;
    }

    /** A valid order whose remark alone is over bi.load.max-record-bytes. */
    private static byte[] overLimit(OrderGenerator gen, int n) {
        Map<String, Object> order = new LinkedHashMap<>(gen.order(n, 0));
        order.put("remark", "x".repeat(OVER_LIMIT_BYTES));
        return gen.json(order);
    }

    /** One of the kinds of corrupted records ERPs and broken producers send, by n. */
    private static byte[] corrupted(OrderGenerator gen, int n, Random random) {
        Map<String, Object> order = new LinkedHashMap<>(gen.order(n, 0));
        Function<Map<String, Object>, byte[]> json = gen::json;
        switch (n % 11) {
            case 0 -> order.put("remark", "备注".repeat(3_000)); // over-long text
            case 1 -> order.put("pay_amount", "abc");
            case 2 -> order.put("pay_amount", 1e30);
            case 3 -> order.put("modified", "0000-00-00 00:00:00");
            case 4 -> order.remove("o_id");
            case 5 -> order.put("items", "not a list");
            case 6 -> { // control characters and a lone surrogate, as JSON escapes
                order.put("remark", "CONTROL");
                return new String(json.apply(order), StandardCharsets.UTF_8)
                        .replace("CONTROL", "a\\u0000b\\u0007c\\ud800d").getBytes(StandardCharsets.UTF_8);
            }
            case 7 -> { // numbers as text
                order.put("o_id", String.valueOf(order.get("o_id")));
                order.put("pay_amount", String.valueOf(order.get("pay_amount")));
            }
            case 8 -> { // JSON nested 20,000 deep
                String text = new String(json.apply(order), StandardCharsets.UTF_8);
                return ("{\"deep\":" + "[".repeat(20_000) + "]".repeat(20_000) + "," + text.substring(1))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 9 -> { // truncated
                byte[] whole = json.apply(order);
                return java.util.Arrays.copyOf(whole, whole.length / 2);
            }
            default -> { // bit-flipped
                byte[] bytes = json.apply(order);
                for (int i = 0; i < 3; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return bytes;
            }
        }
        return json.apply(order);
    }

    /** The elements of {@code a} that are not in {@code b}. */
    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** The elements in both. */
    private static Set<String> common(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.retainAll(b);
        return out;
    }

    private static Deserializer<Integer> sizes() {
        return (topic, data) -> data == null ? -1 : data.length;
    }

    private static String header(ConsumerRecord<String, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
