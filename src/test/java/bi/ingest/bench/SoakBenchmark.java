package bi.ingest.bench;

import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.StreamLoadSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * The service alone in its own JVM with a small heap at its default settings (every route on), fed a steady stream of
 * orders for a while: does its heap stay flat after collections, and how much of its time goes to GC? The broker, the
 * sandbox and the feed run in this JVM. Every {@code report} seconds it prints the service's heap after collections,
 * its GC share and what it loaded. Arguments (all optional): {@code minutes=10 rate=22000 heap=512m report=60}.
 */
public final class SoakBenchmark {

    private static final String TOPIC = "soak.jushuitan.orders";
    private static final String GROUP = "soak-load.jushuitan-orders";
    private static final int POOL = 20_000;

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("minutes", "10", "rate", "22000", "heap", "512m", "report", "60"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int rate = Integer.parseInt(a.get("rate"));
        Duration length = Duration.ofSeconds((long) (Double.parseDouble(a.get("minutes")) * 60));
        int report = Integer.parseInt(a.get("report"));

        KafkaSandbox kafka = KafkaSandbox.start();
        kafka.createTopic(TOPIC, 4);
        StreamLoadSandbox sink = StreamLoadSandbox.start("bench", "bench-password", "erp", true, 0, 0);
        OrderGenerator gen = new OrderGenerator(100_000_000L);
        byte[][] pool = new byte[POOL][];
        long[] ids = new long[POOL];
        for (int n = 0; n < POOL; n++) {
            Map<String, Object> o = gen.order(n, 0);
            pool[n] = gen.json(o);
            ids[n] = gen.orderId(n);
        }
        OrderFeed feed = new OrderFeed(kafka, TOPIC);
        AtomicLong sent = new AtomicLong();

        String jvm = "-Xmx" + a.get("heap") + " -XX:+ExitOnOutOfMemoryError";
        Path log = Files.createTempFile("soak-service-", ".log");
        List<String> serviceArgs = ServiceJvm.args(kafka.bootstrapServers(), sink.feUrl(), TOPIC, "soak",
                "--bench.report-seconds=" + report);
        System.out.printf("soak: %s of %,d orders/s (%d bytes each on average) into the service in its own JVM (%s); log %s%n",
                length, rate, java.util.Arrays.stream(pool).mapToInt(b -> b.length).sum() / POOL, jvm, log);
        AtomicLong lastCommitted = new AtomicLong();
        try (ServiceJvm service = ServiceJvm.start(List.of(jvm.split(" ")), serviceArgs, log, line -> {
            if (!line.startsWith("HEAP ")) {
                System.out.println("service " + line);
                return;
            }
            long committed = committed(kafka);
            long loaded = committed - lastCommitted.getAndSet(committed);
            System.out.printf("%s loaded=%d lag=%d%n", line, loaded, sent.get() - committed);
        })) {
            ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
            int perTick = Math.max(1, rate / 10);
            feeder.scheduleAtFixedRate(() -> {
                for (int i = 0; i < perTick; i++) {
                    long n = sent.getAndIncrement();
                    int p = (int) (n % POOL);
                    feed.sendRaw("soak-account-" + (n % 8), Long.toString(ids[p]), pool[p], OrderFeed.eventId(n, 0));
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            service.go();
            long end = System.nanoTime() + length.toNanos();
            Awaitility.await().atMost(length.plusMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                if (!service.alive()) {
                    throw new IllegalStateException("the service JVM ended during the soak; see " + log);
                }
                return System.nanoTime() >= end;
            });
            feeder.shutdown();
            feeder.awaitTermination(1, TimeUnit.MINUTES);
            kafka.flush();
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> kafka.fullyCommitted(GROUP, TOPIC));
            Map<String, String> s = service.stop();
            double seconds = Double.parseDouble(s.get("seconds"));
            System.out.printf("%n== bi-ingest soak ==%n");
            System.out.printf("orders fed / loaded  %,d / %,d (every record committed)%n", sent.get(), committed(kafka));
            System.out.printf("rows received        %,d%n", sink.tables("erp").values().stream().mapToLong(t -> t.rowsReceived()).sum());
            System.out.printf("elapsed              %.0f s, %,.0f orders/s on average%n", seconds, sent.get() / seconds);
            System.out.printf("service CPU          %.0f %% of %s cores%n", 100 * Double.parseDouble(s.get("cpu")) / seconds / Integer.parseInt(s.get("cores")), s.get("cores"));
            System.out.printf("service GC           %.1f s, %.1f %% of the time%n", Double.parseDouble(s.get("gc")), 100 * Double.parseDouble(s.get("gc")) / seconds);
            System.out.printf("service heap         peak %s MB of %s MB; %s MB after the last collection%n", s.get("peak-mb"), s.get("max-heap-mb"), s.get("after-gc-last-mb"));
        }
        sink.close();
        kafka.close();
        System.exit(0);
    }

    private static long committed(KafkaSandbox kafka) {
        return kafka.committed(GROUP, TOPIC).values().stream().mapToLong(Long::longValue).sum();
    }
}
