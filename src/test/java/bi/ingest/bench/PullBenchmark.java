package bi.ingest.bench;

import bi.ingest.BiIngestApplication;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.awaitility.Awaitility;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pull-path capacity: a backfill of a year of orders from the Jushuitan sandbox with its rate limit lifted, through
 * signing, HTTP, JSON, the idempotent consumer (JDBC) and Kafka (acks=all, one record at a time), load routes stopped.
 * The real platform allows 5 pages of 100 orders a second (500 orders/s per app): the pull path must not be the
 * slower part. Arguments (optional): {@code orders=50000 days=365 mode=backfill}; {@code mode=live} instead lets
 * the live pull catch up on the orders, then changes every order once and measures the live pull (by row version)
 * bringing the new versions.
 */
public final class PullBenchmark {

    private PullBenchmark() {
    }

    private static long published(KafkaSandbox kafka) {
        return kafka.endOffsets("benchpull.orders").values().stream().mapToLong(Long::longValue).sum();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("orders", "50000", "days", "365", "mode", "backfill"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int orders = Integer.parseInt(a.get("orders"));
        int days = Integer.parseInt(a.get("days"));
        boolean live = "live".equals(a.get("mode"));
        KafkaSandbox kafka = KafkaSandbox.start();
        kafka.createTopic("benchpull.orders", 4);
        StreamLoadSandbox sink = StreamLoadSandbox.start("bench", "bench-password", "erp", true, 0, 0);
        JushuitanSandbox erp = JushuitanSandbox.start();
        erp.setRateLimit(100_000, 1_000_000);
        Instant now = Instant.now();
        JushuitanDataset data = new JushuitanDataset(200_000_000L, orders, days, now);
        int port = ServiceProcess.freePort();
        String secret = UUID.randomUUID().toString();
        erp.registerApp("bench-app", secret, false, "http://127.0.0.1:" + port + "/erp/jushuitan/callback", data);

        String never = "0 0 3 1 1 ? 2099";
        ConfigurableApplicationContext app = SpringApplication.run(BiIngestApplication.class,
                "--server.port=" + port,
                "--camel.component.kafka.brokers=" + kafka.bootstrapServers(),
                "--spring.datasource.url=jdbc:h2:mem:benchpull;DB_CLOSE_DELAY=-1",
                "--bi.streamload.fe-url=" + sink.feUrl(),
                "--bi.admin.password=bench-admin",
                "--bi.jushuitan.api-url=" + erp.apiUrl(), "--bi.jushuitan.authorize-url=" + erp.authorizeUrl(),
                "--bi.jushuitan.rate-limit.per-second=100000", "--bi.jushuitan.rate-limit.per-minute=1000000",
                "--bi.topics.jushuitan-orders=benchpull.orders",
                "--bi.jushuitan.pull.schedule.orders=" + (live ? "0/1 * * * * ?" : never), "--bi.jushuitan.pull.schedule.refunds=" + never,
                "--bi.jushuitan.pull.schedule.inventory=" + never, "--bi.jushuitan.pull.schedule.skus=" + never,
                "--bi.jushuitan.pull.schedule.shops=" + never,
                "--bi.backfill.dispatch-schedule=0/1 * * * * ?",
                "--logging.level.bi.ingest.backfill=WARN", "--logging.level.bi.ingest.erp=WARN");
        CamelContext camel = app.getBean(CamelContext.class);
        for (Route r : camel.getRoutes()) {
            if (r.getRouteId().startsWith("load-")) {
                camel.getRouteController().stopRoute(r.getRouteId());
            }
        }
        AdminClient admin = new AdminClient(port, "admin", "bench-admin");
        admin.call("POST", "/admin/accounts", "{\"id\":\"bench\",\"name\":\"bench\",\"appKey\":\"bench-app\",\"appSecret\":\""
                + secret + "\",\"pullFrom\":\"" + (live ? now.minus(Duration.ofDays(days + 1)) : now) + "\"}");
        admin.followAuthorization(admin.call("POST", "/admin/accounts/bench/authorize", null).json().path("authorizeUrl").asText());

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong peakHeap = new AtomicLong();
        var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                Math::max), 0, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        JdbcTemplate state = app.getBean(JdbcTemplate.class);
        if (live) { // the windows read the history, then the row-version cursor takes over
            Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(200)).until(() -> state.queryForObject(
                    "SELECT COUNT(*) FROM erp_pull_row_version WHERE account_id = 'bench' AND entity = 'orders'", Integer.class) > 0);
        }
        long publishedBefore = published(kafka);
        long cpuStart = os.getProcessCpuTime();
        int callsStart = erp.businessCalls();
        long start = System.nanoTime();
        if (live) {
            data.touchOrders(orders, Instant.now(), 1);
            Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> published(kafka) - publishedBefore >= orders);
        } else {
            String job = admin.call("POST", "/admin/backfills", "{\"account\":\"bench\",\"entity\":\"orders\",\"from\":\""
                    + now.minus(Duration.ofDays(days)) + "\",\"to\":\"" + now + "\"}").json().path("id").asText();
            Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "DONE".equals(admin.call("GET", "/admin/backfills/" + job, null).json().path("status").asText()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        long published = published(kafka) - publishedBefore;
        int calls = erp.businessCalls() - callsStart;
        sampler.shutdown();
        System.out.printf("%n== bi-ingest pull path benchmark (%s, ERP rate limit lifted) ==%n",
                live ? "live pull by row version of every order changed once" : "a backfill");
        System.out.printf("orders               %,d over %d days (%d windows)%n", orders, days, (days + 6) / 7);
        System.out.printf("elapsed              %.2f s (includes up to 1 s until the %s starts)%n", seconds,
                live ? "next trigger" : "dispatch route");
        System.out.printf("orders published/s   %,.0f (%,d records on Kafka)%n", published / seconds, published);
        System.out.printf("ERP calls/s          %,.1f (%,d pages, %.1f calls per 1,000 orders)%n", calls / seconds, calls,
                calls * 1000.0 / published);
        System.out.printf("ratio to the ERP cap %.1f x (the platform serves at most 500 orders/s per app)%n", published / seconds / 500);
        System.out.printf("CPU                  %.1f core-seconds, %.0f us per order (whole JVM: broker, ERP sandbox, service)%n",
                cpu, cpu * 1e6 / orders);
        System.out.printf("peak heap            %,d MB%n", peakHeap.get() / (1024 * 1024));
        app.close();
        erp.close();
        sink.close();
        kafka.close();
        System.exit(0);
    }
}
