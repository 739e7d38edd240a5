package bi.ingest.local;

import bi.ingest.BiIngestApplication;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.NacosServer;
import bi.ingest.sandbox.SandboxTable;
import bi.ingest.sandbox.StreamLoadSandbox;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole flow in one JVM for a newcomer ({@code mvn -Plocal spring-boot:test-run}): an in-process Kafka broker,
 * the Jushuitan sandbox (two demo companies with 90 days of orders, refunds, SKUs, stock and shops, and orders that
 * keep changing), the Stream Load sandbox, and the service, which gets both accounts through its admin API,
 * authorizes them through the sandbox's authorization page, and pulls; a Leke tenant publishes change events to
 * {@code erp.leke.*} all the while. Row counts per table are logged every 5 s
 * and served at {@code <sandbox FE>/sandbox/tables}. With {@code BI_LOCAL_NACOS=true} a real Nacos server starts too,
 * the service takes part of its configuration from it, and a minute later the run publishes a change there that the
 * service applies while it runs.
 */
public final class LocalBiIngest {

    private static final Logger LOG = LoggerFactory.getLogger("bi.ingest.local");
    private static final String[] ACCOUNTS = {"demo-shop-a", "demo-shop-b"};
    /** Dev-only credentials of the local run (never used elsewhere). */
    private static final String ADMIN_PASSWORD = "local-admin";

    private LocalBiIngest() {
    }

    public static void main(String[] args) throws Exception {
        int orders = Integer.getInteger("bi.local.orders", 5_000);
        KafkaSandbox kafka = KafkaSandbox.start();
        for (String entity : new String[] {"orders", "refunds", "inventory", "skus", "shops"}) {
            kafka.createTopic("erp.jushuitan." + entity, 3);
            kafka.createTopic("erp.jushuitan." + entity + ".dlq", 1);
        }
        for (String topic : new String[] {LekeFeed.ORDERS, LekeFeed.REFUNDS, LekeFeed.STOCK}) {
            kafka.createTopic(topic, 3);
        }
        StreamLoadSandbox streamLoad = startStreamLoad();
        JushuitanSandbox erp = JushuitanSandbox.start();
        erp.setRateLimit(5, 600);
        String[] local = {
            "--camel.component.kafka.brokers=" + kafka.bootstrapServers(),
            "--bi.streamload.fe-url=" + streamLoad.feUrl(),
            "--bi.streamload.username=local",
            "--bi.streamload.password=local-only-password",
            "--bi.admin.password=" + ADMIN_PASSWORD,
            // a fresh key per run: the local database lives in memory
            "--bi.secrets.key=" + java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32)),
            "--bi.jushuitan.api-url=" + erp.apiUrl(),
            "--bi.jushuitan.authorize-url=" + erp.authorizeUrl(),
            // the real platform allows 100 calls a minute; the demo allows more so the catch-up does not pause
            "--bi.jushuitan.rate-limit.per-minute=600",
            "--bi.jushuitan.pull.schedule.orders=0/5 * * * * ?",
            "--bi.jushuitan.pull.schedule.refunds=0/5 * * * * ?",
            "--bi.jushuitan.pull.schedule.inventory=0/30 * * * * ?",
            "--bi.jushuitan.pull.schedule.skus=0/30 * * * * ?",
            "--bi.jushuitan.pull.schedule.shops=0 * * * * ?",
            "--spring.datasource.url=jdbc:h2:mem:bi-local;DB_CLOSE_DELAY=-1", // the broker is new on every run, so is the state
        };
        List<String> all = new ArrayList<>(List.of(local));
        NacosServer nacos = null;
        if (Boolean.parseBoolean(System.getenv().getOrDefault("BI_LOCAL_NACOS", System.getProperty("bi.local.nacos", "false")))) {
            nacos = startNacos();
            all.addAll(List.of("--bi.nacos.enabled=true", "--bi.nacos.server-addr=" + nacos.address(),
                    "--bi.nacos.namespace=" + NACOS_NAMESPACE, "--bi.nacos.username=bi-ingest",
                    "--bi.nacos.password=" + NACOS_PASSWORD, "--bi.nacos.client-dir=target/local-nacos-client"));
        }
        all.addAll(List.of(args));
        ConfigurableApplicationContext service = SpringApplication.run(BiIngestApplication.class, all.toArray(String[]::new));
        int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port", "8080"));

        AdminClient admin = new AdminClient(port, "admin", ADMIN_PASSWORD);
        Instant now = Instant.now();
        List<JushuitanDataset> companies = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS.length; i++) {
            JushuitanDataset data = new JushuitanDataset(10_000_000L * (i + 1), orders, 90, now);
            companies.add(data);
            String appKey = "local-app-" + i;
            String secret = UUID.randomUUID().toString();
            erp.registerApp(appKey, secret, false, "http://127.0.0.1:" + port + "/erp/jushuitan/callback", data);
            // demo-shop-a pulls the last 7 days live and gets the 90 days before by a backfill; demo-shop-b pulls all live
            Instant pullFrom = now.minus(Duration.ofDays(i == 0 ? 7 : 91));
            admin.call("POST", "/admin/accounts", "{\"id\":\"" + ACCOUNTS[i] + "\",\"name\":\"" + ACCOUNTS[i]
                    + "\",\"appKey\":\"" + appKey + "\",\"appSecret\":\"" + secret + "\",\"pullFrom\":\"" + pullFrom + "\"}");
            String url = admin.call("POST", "/admin/accounts/" + ACCOUNTS[i] + "/authorize", null).json().path("authorizeUrl").asText();
            LOG.info("local run: account {} {}", ACCOUNTS[i], admin.followAuthorization(url).body());
        }
        String backfill = admin.call("POST", "/admin/backfills", "{\"account\":\"" + ACCOUNTS[0] + "\",\"entity\":\"orders\",\"from\":\""
                + now.minus(Duration.ofDays(91)) + "\",\"to\":\"" + now.minus(Duration.ofDays(7)) + "\"}").json().path("id").asText();
        LOG.info("local run: backfill {} of {}: curl -u admin:{} http://127.0.0.1:{}/admin/backfills/{}", backfill, ACCOUNTS[0],
                ADMIN_PASSWORD, port, backfill);
        LOG.info("local run: {} orders per account over 90 days in the Jushuitan sandbox; accounts: "
                + "curl -u admin:{} http://127.0.0.1:{}/admin/accounts ; tables: {}/sandbox/tables", orders, ADMIN_PASSWORD,
                port, streamLoad.feUrl());

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        if (nacos != null) {
            NacosServer server = nacos;
            timer.schedule(() -> publishNacosChange(server), 60, TimeUnit.SECONDS);
        }
        AtomicLong seed = new AtomicLong();
        // every 5 s the ERP changes 20 orders of each company: the next pull brings their new versions
        timer.scheduleAtFixedRate(() -> companies.forEach(c -> c.touchOrders(20, Instant.now(), seed.incrementAndGet())),
                5, 5, TimeUnit.SECONDS);
        timer.scheduleAtFixedRate(() -> logCounts(streamLoad), 5, 5, TimeUnit.SECONDS);
        // Leke publishes its own change events: tenant demo-leke creates, pays, refunds and deletes orders
        LekeFeed leke = new LekeFeed(kafka);
        AtomicLong tick = new AtomicLong();
        timer.scheduleAtFixedRate(() -> publishLekeChanges(leke, tick.incrementAndGet()), 1, 2, TimeUnit.SECONDS);
        LOG.info("local run: Leke tenant demo-leke publishes to erp.leke.* every 2 s: "
                + "curl '{}/sandbox/tables/erp_order?limit=5' (source=leke rows)", streamLoad.feUrl());
    }

    private static final String NACOS_NAMESPACE = "bi-ingest-local";
    private static final String NACOS_PASSWORD = "local-nacos-password";
    private static final String NACOS_CONFIG = """
            bi:
              load:
                consumer:
                  max-batch-records: %d
            """;

    /** A Nacos server of the local run: the service's user, and a first version of its configuration. */
    private static NacosServer startNacos() throws Exception {
        int port = NacosServer.freePort();
        NacosServer nacos = NacosServer.on(port, java.nio.file.Path.of("target", "local-nacos-" + port)).start();
        nacos.createNamespace(NACOS_NAMESPACE);
        nacos.addUser("bi-ingest", NACOS_PASSWORD, NACOS_NAMESPACE);
        nacos.publish(NACOS_NAMESPACE, "DEFAULT_GROUP", "bi-ingest.yaml", NACOS_CONFIG.formatted(5000));
        LOG.info("local run: Nacos at http://{}/nacos (console user nacos, password nacos), namespace {}, data id bi-ingest.yaml",
                nacos.address(), NACOS_NAMESPACE);
        Runtime.getRuntime().addShutdownHook(new Thread(nacos::close));
        return nacos;
    }

    /** What an operator does in Nacos's console: the service applies it at once (log: Nacos configuration changed). */
    private static void publishNacosChange(NacosServer nacos) {
        try {
            nacos.publish(NACOS_NAMESPACE, "DEFAULT_GROUP", "bi-ingest.yaml", NACOS_CONFIG.formatted(2000));
            LOG.info("local run: published bi.load.consumer.max-batch-records=2000 in Nacos");
        } catch (Exception e) {
            LOG.warn("local run: could not publish to Nacos: {}", e.toString());
        }
    }

    /** Per tick: 5 new orders, the previous tick's paid, a refund, stock moves; every 10th tick deletes an order. */
    private static void publishLekeChanges(LekeFeed leke, long tick) {
        String now = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(8)).withNano(0).toString();
        for (int i = 0; i < 5; i++) {
            String no = "LK" + tick + "-" + i;
            leke.send(LekeFeed.ORDERS, LekeFeed.order("order.created", "demo-leke", no, now, "WAIT_PAY", 1 + i % 3, 0));
            if (tick > 1) {
                leke.send(LekeFeed.ORDERS, LekeFeed.order("order.updated", "demo-leke", "LK" + (tick - 1) + "-" + i, now, "PAID", 1 + i % 3, 1));
            }
            leke.send(LekeFeed.STOCK, LekeFeed.stock("demo-leke", "WH" + i % 2, "SKU-" + i, (int) (1000 - tick % 1000), i, now));
        }
        if (tick > 2) {
            leke.send(LekeFeed.REFUNDS, LekeFeed.refund("refund.created", "demo-leke", "RF" + tick, "LK" + (tick - 2) + "-0", "APPLIED", now, 1));
        }
        if (tick % 10 == 0) {
            leke.send(LekeFeed.ORDERS, LekeFeed.orderDeleted("demo-leke", "LK" + (tick - 5) + "-4", now));
        }
        leke.flush();
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
