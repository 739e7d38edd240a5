package bi.ingest.local;

import bi.ingest.BiIngestApplication;
import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.SandboxTable;
import bi.ingest.sandbox.StreamLoadSandbox;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * The whole flow in one JVM for a newcomer ({@code mvn -Plocal spring-boot:test-run}): an in-process Kafka broker,
 * the Stream Load sandbox, the service, and a feed of generated orders (a burst, then a trickle of new orders and
 * updates). Row counts per table are logged every 5 s and served at {@code <sandbox FE>/sandbox/tables}.
 */
public final class LocalBiIngest {

    private static final Logger LOG = LoggerFactory.getLogger("bi.ingest.local");
    private static final String TOPIC = "erp.jushuitan.orders";
    private static final String[] ACCOUNTS = {"demo-shop-a", "demo-shop-b", "demo-shop-c"};

    private LocalBiIngest() {
    }

    public static void main(String[] args) throws Exception {
        int burst = Integer.getInteger("bi.local.orders", 5_000);
        KafkaSandbox kafka = KafkaSandbox.start();
        kafka.createTopic(TOPIC, 3);
        kafka.createTopic(TOPIC + ".dlq", 1);
        StreamLoadSandbox streamLoad = startStreamLoad();
        String[] local = {
            "--camel.component.kafka.brokers=" + kafka.bootstrapServers(),
            "--bi.streamload.fe-url=" + streamLoad.feUrl(),
            "--bi.streamload.username=local",
            "--bi.streamload.password=local-only-password",
            "--spring.datasource.url=jdbc:h2:mem:bi-local;DB_CLOSE_DELAY=-1", // the broker is new on every run, so is the state
        };
        List<String> all = new ArrayList<>(List.of(local));
        all.addAll(List.of(args));
        SpringApplication.run(BiIngestApplication.class, all.toArray(String[]::new));

        OrderFeed feed = new OrderFeed(kafka, TOPIC);
        Map<String, OrderGenerator> generators = new LinkedHashMap<>();
        for (int i = 0; i < ACCOUNTS.length; i++) {
            generators.put(ACCOUNTS[i], new OrderGenerator(10_000_000L * (i + 1)));
            feed.send(ACCOUNTS[i], generators.get(ACCOUNTS[i]), burst);
        }
        LOG.info("local run: fed {} orders for each of {}; the sandbox's tables: {}/sandbox/tables (rows: {}/sandbox/tables/erp_order?limit=5)",
                burst, String.join(", ", ACCOUNTS), streamLoad.feUrl(), streamLoad.feUrl());

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger(burst);
        AtomicInteger version = new AtomicInteger(1);
        timer.scheduleAtFixedRate(() -> trickle(feed, generators, next, version), 1, 1, TimeUnit.SECONDS);
        timer.scheduleAtFixedRate(() -> logCounts(streamLoad), 5, 5, TimeUnit.SECONDS);
    }

    /** Every second: 10 new orders and 20 updates (a newer version) per account. */
    private static void trickle(OrderFeed feed, Map<String, OrderGenerator> generators, AtomicInteger next, AtomicInteger version) {
        int first = next.getAndAdd(10);
        int v = version.getAndIncrement();
        generators.forEach((account, gen) -> {
            for (int n = first; n < first + 10; n++) {
                Map<String, Object> o = gen.order(n, 0);
                feed.sendRaw(account, String.valueOf(o.get("o_id")), gen.json(o), OrderFeed.eventId(gen.orderId(n), 0));
            }
            for (int k = 0; k < 20; k++) {
                int n = (v * 20 + k) % first;
                Map<String, Object> o = gen.order(n, v);
                feed.sendRaw(account, String.valueOf(o.get("o_id")), gen.json(o), OrderFeed.eventId(gen.orderId(n), v));
            }
        });
    }

    private static void logCounts(StreamLoadSandbox streamLoad) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, SandboxTable> t : streamLoad.tables("erp").entrySet()) {
            counts.put(t.getKey(), t.getValue().count());
        }
        LOG.info("local run: rows per table {} (loads committed: {})", counts, streamLoad.loadsCommitted());
    }

    private static StreamLoadSandbox startStreamLoad() throws IOException {
        try {
            return StreamLoadSandbox.start("local", "local-only-password", "erp", false, 18030, 18040);
        } catch (IOException busy) {
            return StreamLoadSandbox.start("local", "local-only-password", "erp", false, 0, 0);
        }
    }
}
