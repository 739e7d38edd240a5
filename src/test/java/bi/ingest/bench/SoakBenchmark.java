package bi.ingest.bench;

import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.StreamLoadSandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;

/**
 * The service alone in its own JVM with a small heap at its default settings (every route on), fed a steady stream of
 * orders for a while: does its heap stay flat after collections, and how much of its time goes to GC? The broker, the
 * sandbox and the feed run in this JVM. Every {@code report} seconds it prints the service's heap after collections,
 * its GC share, what it loaded and how fresh the loaded data was: from the moment a record was handed to the producer
 * to the moment its offset was committed (it was in StarRocks), read four times a second. Arguments (all optional):
 * {@code minutes=10 rate=22000 heap=512m report=60}.
 */
public final class SoakBenchmark {

    private static final String TOPIC = "soak.jushuitan.orders";
    private static final String GROUP = "soak-load.jushuitan-orders";
    private static final int POOL = 20_000;
    private static final int PARTITIONS = 4;
    /** How often the committed offsets are read for the freshness figure (its resolution). */
    private static final long FRESHNESS_POLL_MS = 250;

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
        kafka.createTopic(TOPIC, PARTITIONS);
        StreamLoadSandbox sink = StreamLoadSandbox.start("bench", "bench-password", "erp", true, 0, 0);
        OrderGenerator gen = new OrderGenerator(100_000_000L);
        byte[][] pool = new byte[POOL][];
        long[] ids = new long[POOL];
        int[] partitions = new int[POOL];
        for (int n = 0; n < POOL; n++) {
            Map<String, Object> o = gen.order(n, 0);
            pool[n] = gen.json(o);
            ids[n] = gen.orderId(n);
            partitions[n] = partitionOf(Long.toString(ids[n]));
        }
        Freshness freshness = new Freshness();
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
            System.out.printf("%s loaded=%d lag=%d freshness=%s%n", line, loaded, sent.get() - committed, freshness.report(false));
        })) {
            ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
            int perTick = Math.max(1, rate / 10);
            long[] sentPerPartition = new long[PARTITIONS];
            feeder.scheduleAtFixedRate(() -> {
                for (int i = 0; i < perTick; i++) {
                    long n = sent.getAndIncrement();
                    int p = (int) (n % POOL);
                    feed.sendRaw("soak-account-" + (n % 8), Long.toString(ids[p]), pool[p], OrderFeed.eventId(n, 0));
                    sentPerPartition[partitions[p]]++;
                }
                freshness.sent(sentPerPartition.clone());
            }, 0, 100, TimeUnit.MILLISECONDS);
            ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
            watcher.scheduleAtFixedRate(() -> {
                try {
                    freshness.committed(kafka.committed(GROUP, TOPIC));
                } catch (RuntimeException e) { // a read that timed out: the next one catches up (an exception would end the schedule)
                    System.out.println("freshness: committed offsets not read (" + e.getMessage() + ")");
                }
            }, FRESHNESS_POLL_MS, FRESHNESS_POLL_MS, TimeUnit.MILLISECONDS);
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
            watcher.shutdown();
            watcher.awaitTermination(1, TimeUnit.MINUTES);
            freshness.committed(kafka.committed(GROUP, TOPIC)); // the last ticks, up to the await's poll late
            for (int p = 0; p < PARTITIONS; p++) { // the figure holds only if the records went where partitionOf said
                long written = kafka.endOffsets(TOPIC).get(new TopicPartition(TOPIC, p));
                if (written != sentPerPartition[p]) {
                    throw new IllegalStateException("partition " + p + " holds " + written + " records, the freshness count "
                            + sentPerPartition[p] + ": the producer's partitioner is not the default one");
                }
            }
            Map<String, String> s = service.stop();
            double seconds = Double.parseDouble(s.get("seconds"));
            System.out.printf("%n== bi-ingest soak ==%n");
            System.out.printf("orders fed / loaded  %,d / %,d (every record committed)%n", sent.get(), committed(kafka));
            System.out.printf("rows received        %,d%n", sink.tables("erp").values().stream().mapToLong(t -> t.rowsReceived()).sum());
            System.out.printf("elapsed              %.0f s, %,.0f orders/s on average%n", seconds, sent.get() / seconds);
            System.out.printf("service CPU          %.0f %% of %s cores%n", 100 * Double.parseDouble(s.get("cpu")) / seconds / Integer.parseInt(s.get("cores")), s.get("cores"));
            System.out.printf("service GC           %.1f s, %.1f %% of the time%n", Double.parseDouble(s.get("gc")), 100 * Double.parseDouble(s.get("gc")) / seconds);
            System.out.printf("service heap         peak %s MB of %s MB; %s MB after the last collection%n", s.get("peak-mb"), s.get("max-heap-mb"), s.get("after-gc-last-mb"));
            System.out.printf("freshness            %s after the first report (handed to the producer -> committed, read every %d ms)%n",
                    freshness.report(true), FRESHNESS_POLL_MS);
        }
        sink.close();
        kafka.close();
        System.exit(0);
    }

    /** The partition Kafka's default partitioner gives a record with this key. */
    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /**
     * How long the feed's records took to be committed: per feed tick, when it ended and how many records each
     * partition had been sent by then; a tick is done once every partition's committed offset reached its count.
     */
    private static final class Freshness {
        private record Tick(long nanos, long[] sentPerPartition) {
        }

        private final ConcurrentLinkedQueue<Tick> waiting = new ConcurrentLinkedQueue<>();
        private final List<Long> sincePrevious = new ArrayList<>();
        /** After the first report period, which holds the service's start (records fed before it consumed). */
        private final List<Long> steady = new ArrayList<>();
        private boolean started;

        void sent(long[] sentPerPartition) {
            waiting.add(new Tick(System.nanoTime(), sentPerPartition));
        }

        void committed(Map<TopicPartition, Long> offsets) {
            long now = System.nanoTime();
            Tick t;
            while ((t = waiting.peek()) != null && done(t, offsets)) {
                waiting.poll();
                synchronized (this) {
                    sincePrevious.add(now - t.nanos());
                    if (started) {
                        steady.add(now - t.nanos());
                    }
                }
            }
        }

        private static boolean done(Tick t, Map<TopicPartition, Long> offsets) {
            for (int p = 0; p < PARTITIONS; p++) {
                Long offset = offsets.get(new TopicPartition(TOPIC, p));
                if (t.sentPerPartition()[p] > (offset == null ? 0 : offset)) {
                    return false;
                }
            }
            return true;
        }

        /** Median, 99th percentile and largest delay (seconds) since the last report, or after the first period. */
        synchronized String report(boolean whole) {
            List<Long> delays = new ArrayList<>(whole ? steady : sincePrevious);
            sincePrevious.clear();
            started = true;
            if (delays.isEmpty()) {
                return "none committed";
            }
            Collections.sort(delays);
            return String.format("p50 %.2f s, p99 %.2f s, max %.2f s", delays.get(delays.size() / 2) / 1e9,
                    delays.get((int) Math.min(delays.size() - 1, Math.ceil(delays.size() * 0.99) - 1)) / 1e9,
                    delays.get(delays.size() - 1) / 1e9);
        }
    }

    private static long committed(KafkaSandbox kafka) {
        return kafka.committed(GROUP, TOPIC).values().stream().mapToLong(Long::longValue).sum();
    }
}
