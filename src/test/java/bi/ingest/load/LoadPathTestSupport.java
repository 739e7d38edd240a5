package bi.ingest.load;

import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.TestSandboxes;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service against a real in-process Kafka broker and the Stream Load sandbox. Test classes share the broker,
 * the sandbox and the orders topic; each test writes its own account, so its rows can be told apart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // /actuator/prometheus as in production (Boot's tests turn it off)
public abstract class LoadPathTestSupport {

    public static final String TOPIC = "erp.jushuitan.orders";
    public static final String DLQ = TOPIC + ".dlq";
    public static final String GROUP_PREFIX = "bi-ingest-load-test";
    /** The orders load route's consumer group. */
    public static final String GROUP = GROUP_PREFIX + ".jushuitan-orders";
    public static final String ROUTE = "load-jushuitan-orders";

    protected static final KafkaSandbox KAFKA = TestSandboxes.kafka();
    protected static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();
    protected static final JushuitanSandbox JUSHUITAN = TestSandboxes.jushuitan();
    protected static final OrderFeed FEED = new OrderFeed(KAFKA, TOPIC);

    @Autowired
    protected CamelContext camel;

    @DynamicPropertySource
    static void sandboxes(DynamicPropertyRegistry r) {
        r.add("camel.component.kafka.brokers", KAFKA::bootstrapServers);
        // topics and partitions created while the service runs are seen within 5 s (production: a minute); at one
        // second, the context's clients' metadata requests cost the broker and the test JVM 3 % of a core
        r.add("camel.component.kafka.metadata-max-age-ms", () -> "5000");
        // an idle consumer asks the broker every 2 s instead of every 500 ms (Kafka's default); records still reach a
        // waiting fetch at once: six consumers polling an idle broker were a tenth of a test JVM's CPU
        r.add("camel.component.kafka.fetch-wait-max-ms", () -> "2000");
        r.add("bi.streamload.fe-url", STREAMLOAD::feUrl);
        r.add("bi.streamload.username", () -> TestSandboxes.STREAMLOAD_USER);
        r.add("bi.streamload.password", () -> TestSandboxes.STREAMLOAD_PASSWORD);
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:bi-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        r.add("bi.load.consumer.group-id", () -> GROUP_PREFIX);
        r.add("bi.load.consumer.max-batch-records", () -> "2000");
        r.add("bi.load.consumer.poll-timeout-ms", () -> "200");
        r.add("bi.load.consumer.batching-interval-ms", () -> "300");
        r.add("bi.streamload.response-timeout", () -> "3s");
        r.add("bi.streamload.wait-for-continue", () -> "1s");
        r.add("bi.streamload.label-state-poll-initial", () -> "100ms");
        r.add("bi.streamload.label-state-max-wait", () -> "20s");
        r.add("bi.streamload.retry.initial-backoff", () -> "50ms");
        r.add("bi.streamload.retry.max-backoff", () -> "500ms");
        r.add("bi.streamload.circuit-breaker.wait-in-open-state", () -> "1s");
        r.add("bi.secrets.key", () -> TestSandboxes.SECRETS_KEY);
        r.add("bi.admin.username", () -> TestSandboxes.ADMIN_USER);
        r.add("bi.admin.password", () -> TestSandboxes.ADMIN_PASSWORD);
        r.add("bi.admin.viewer-username", () -> TestSandboxes.VIEWER_USER);
        r.add("bi.admin.viewer-password", () -> TestSandboxes.VIEWER_PASSWORD);
        r.add("bi.jushuitan.api-url", JUSHUITAN::apiUrl);
        r.add("bi.jushuitan.authorize-url", JUSHUITAN::authorizeUrl);
        r.add("bi.jushuitan.rate-limit.per-second", () -> "5");
        r.add("bi.jushuitan.rate-limit.per-minute", () -> "600");
        // two test JVMs share two cores: a call may reach the sandbox a few hundred ms after the limiter let it go
        // (production keeps 150 ms of margin against network jitter)
        r.add("bi.jushuitan.rate-limit.margin", () -> "400ms");
        r.add("bi.jushuitan.retry.initial-backoff", () -> "200ms");
        r.add("bi.jushuitan.retry.max-backoff", () -> "2s");
        r.add("bi.jushuitan.retry.max-attempts", () -> "12");
        r.add("camel.component.http.response-timeout", () -> "5000");
        // row-version pulls look back this far for late commits (production: 5 minutes)
        r.add("bi.jushuitan.pull.overlap", () -> "10s");
        // live pulls every 2 s (orders, refunds) and 4 s: fast enough for every await, and they leave most of an app's
        // 5 calls a second to the first pulls and backfills the tests wait for (each live pull costs a call)
        r.add("bi.jushuitan.pull.schedule.orders", () -> "0/2 * * * * ?");
        r.add("bi.jushuitan.pull.schedule.refunds", () -> "0/2 * * * * ?");
        r.add("bi.jushuitan.pull.schedule.inventory", () -> "0/4 * * * * ?");
        r.add("bi.jushuitan.pull.schedule.skus", () -> "0/4 * * * * ?");
        r.add("bi.jushuitan.pull.schedule.shops", () -> "0/4 * * * * ?");
        r.add("bi.backfill.dispatch-schedule", () -> "0/1 * * * * ?");
        // a status the generated data never has, so order deletes can be tested (production: none for orders)
        r.add("bi.jushuitan.deleted-statuses.orders", () -> "Deleted");
        r.add("bi.load.lag-schedule", () -> "0/5 * * * * ?");
        // Spring Boot's tests turn JMX off; the service's MBeans are part of what is tested
        r.add("spring.jmx.enabled", () -> "true");
        r.add("spring.jmx.unique-names", () -> "true");
    }

    protected static String account(String name) {
        return name + "-" + Long.toHexString(System.nanoTime());
    }
}
