package bi.ingest.bench;

import bi.ingest.BiIngestApplication;
import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.SandboxFault;
import bi.ingest.sandbox.StreamLoadSandbox;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load-path throughput: N generated orders on a real broker, loaded into the Stream Load sandbox in count-only mode,
 * compared with a plain KafkaConsumer reading the same topic on the same broker in the same run.
 * Arguments (all optional): {@code orders=1000000 partitions=4 consumers=2 batch=10000}; {@code service=process} runs
 * the service alone in its own JVM ({@code heap=512m}, the JVM's default collector, as in production) while the
 * broker and the sandbox stay in this one, so the service's CPU, GC and heap are measured without theirs;
 * {@code jvm=-Xlog:gc:file=gc.log,-XX:+AlwaysPreTouch} adds JVM options (comma-separated) to that JVM;
 * {@code warmup=200000} orders are loaded before the measurement starts (the plain consumer reads the topic once
 * before its measured read); {@code latency=0} ms makes every load
 * answer that late, as a remote cluster would; {@code format=csv} or {@code json} is the bodies' format.
 */
public final class LoadPathBenchmark {

    private static final String TOPIC = "bench.jushuitan.orders";
    private static final String GROUP = "bench-load.jushuitan-orders";

    private LoadPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>(Map.of("orders", "1000000", "warmup", "200000",
                "partitions", "4", "consumers", "2", "batch", "10000", "format", "csv", "batch-bytes", "16777216",
                "pad", "0"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int orders = Integer.parseInt(a.get("orders"));
        int warmup = Integer.parseInt(a.get("warmup"));
        int partitions = Integer.parseInt(a.get("partitions"));

        KafkaSandbox kafka = KafkaSandbox.start();
        kafka.createTopic(TOPIC, partitions);
        StreamLoadSandbox sink = StreamLoadSandbox.start("bench", "bench-password", "erp", true, 0, 0);
        int latency = Integer.parseInt(a.getOrDefault("latency", "0"));
        if (latency > 0) {
            // every load answers after this long, as a remote cluster would (the sandbox handles loads concurrently)
            sink.inject(SandboxFault.SLOW, null, Integer.MAX_VALUE, Duration.ofMillis(latency));
        }

        long bytes = produce(kafka, warmup + orders, Integer.parseInt(a.get("pad")));
        System.out.printf("%nproduced %,d orders, %,d bytes (%.0f bytes/order)%n", warmup + orders, bytes, (double) bytes / (warmup + orders));
        bytes = bytes * orders / (warmup + orders);

        // the plain consumer reads the topic twice and the second read counts from its first records: like the
        // service's, its measurement leaves out the JIT's first compilations and the group join. Until 2026-12-02 the
        // first read counted from its subscribe, join included; that figure is printed too, for comparison
        RawRead cold = rawConsumerRate(kafka, warmup + orders, "bench-raw-warm-up");
        double rawRate = rawConsumerRate(kafka, warmup + orders, "bench-raw").recordsPerSecond();

        List<String> serviceArgs = ServiceJvm.args(kafka.bootstrapServers(), sink.feUrl(), TOPIC, "bench",
                "--bi.load.consumer.consumers-count=" + a.get("consumers"),
                "--bi.load.consumer.max-batch-records=" + a.get("batch"),
                "--bi.load.consumer.max-batch-bytes=" + a.get("batch-bytes"),
                "--bi.streamload.format=" + a.get("format"));
        // the measurement starts once the service has loaded the warm-up orders: a JVM compiles its hot code in its
        // first seconds, which in a run of this length would weigh as much as the load itself
        Runnable mark = () -> {
            Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> committed(kafka) >= warmup);
            measuredFrom[0] = committed(kafka);
            rowsFrom[0] = rows(sink);
        };
        Figures f = "process".equals(a.get("service"))
                ? inOwnJvm(kafka, serviceArgs, "-Xmx" + a.getOrDefault("heap", "512m") + " -XX:+ExitOnOutOfMemoryError "
                        + a.getOrDefault("jvm", "").replace(',', ' '), mark)
                : inThisJvm(kafka, serviceArgs, mark);
        orders = (int) (warmup + orders - measuredFrom[0]);
        bytes = bytes * orders / Integer.parseInt(a.get("orders"));
        long rows = rows(sink) - rowsFrom[0];
        double orderRate = orders / f.seconds;
        System.out.printf("%n== bi-ingest load path benchmark ==%n");
        System.out.printf("orders               %,d measured after %,d of warm-up (%d partitions, %s consumer threads, batch %s, %s bodies)%n",
                orders, measuredFrom[0], partitions, a.get("consumers"), a.get("batch"), a.get("format"));
        System.out.printf("service              %s%n", f.where);
        System.out.printf("elapsed              %.2f s%n", f.seconds);
        System.out.printf("orders/s             %,.0f%n", orderRate);
        System.out.printf("rows/s               %,.0f (%,d rows into 4 tables)%n", rows / f.seconds, rows);
        System.out.printf("MB/s (Kafka input)   %.1f%n", bytes / f.seconds / 1e6);
        System.out.printf("peak heap            %,d MB (%s)%n", f.peakHeapMb, f.heapOf);
        System.out.printf("CPU                  %.1f core-seconds, %.0f %% of %d cores, %.1f us per order (%s)%n", f.cpuSeconds,
                100 * f.cpuSeconds / f.seconds / f.cores, f.cores, f.cpuSeconds * 1e6 / orders, f.heapOf);
        System.out.printf("consumer threads     %.1f core-seconds, %.1f us per order (the load route's threads: the service's own work, GC aside)%n",
                f.consumerCpuSeconds, f.consumerCpuSeconds * 1e6 / orders);
        System.out.printf("GC                   %.1f s of collections during the load (%.0f %% of it)%n", f.gcSeconds, 100 * f.gcSeconds / f.seconds);
        System.out.printf("raw KafkaConsumer    %,.0f records/s%n", rawRate);
        System.out.printf("ratio to raw         %.2f%n", orderRate / rawRate);
        System.out.printf("ratio, cold raw read %.2f (against the first read timed from its subscribe, %,.0f records/s: "
                + "as measured until 2026-12-02)%n", orderRate / cold.fromSubscribe(), cold.fromSubscribe());
        System.out.printf("Stream Load requests %,d%n", sink.loadsCommitted());
        sink.close();
        kafka.close();
        System.exit(0);
    }

    /** Committed offsets and rows received when the measurement started. */
    private static final long[] measuredFrom = new long[1];
    private static final long[] rowsFrom = new long[1];

    private static long committed(KafkaSandbox kafka) {
        return kafka.committed(GROUP, TOPIC).values().stream().mapToLong(Long::longValue).sum();
    }

    private static long rows(StreamLoadSandbox sink) {
        return sink.tables("erp").values().stream().mapToLong(t -> t.rowsReceived()).sum();
    }

    /** What one load run measured of the service. */
    private record Figures(String where, String heapOf, double seconds, double cpuSeconds, double consumerCpuSeconds,
                           double gcSeconds, long peakHeapMb, int cores) {
    }

    /** The service in this JVM, next to the broker and the sandbox (the default: one process, as a quick check). */
    private static Figures inThisJvm(KafkaSandbox kafka, List<String> serviceArgs, Runnable mark) {
        List<String> args = new java.util.ArrayList<>(serviceArgs);
        args.add("--camel.main.auto-startup=false");
        ConfigurableApplicationContext app = SpringApplication.run(BiIngestApplication.class, args.toArray(String[]::new));
        CamelContext camel = app.getBean(CamelContext.class);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 50, TimeUnit.MILLISECONDS);
        try {
            camel.getRouteController().startAllRoutes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        mark.run();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long gcStart = gcMillis();
        long consumerStart = consumerThreadsCpuNanos();
        ThreadCpu threadCpu = new ThreadCpu();
        peakHeap.set(0);
        long start = System.nanoTime();
        awaitLoaded(kafka, () -> true);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("CPU by thread (s)    %s%n", threadCpu.breakdown(10));
        Figures f = new Figures("in the benchmark's JVM, with the broker and the sandbox", "whole JVM: broker, sandbox and service",
                seconds, (os.getProcessCpuTime() - cpuStart) / 1e9, (consumerThreadsCpuNanos() - consumerStart) / 1e9,
                (gcMillis() - gcStart) / 1e3, peakHeap.get() / (1024 * 1024), Runtime.getRuntime().availableProcessors());
        sampler.shutdown();
        app.close();
        return f;
    }

    /** The service alone in its own JVM ({@code jvm} options); the broker and the sandbox stay in this one. */
    private static Figures inOwnJvm(KafkaSandbox kafka, List<String> serviceArgs, String jvm, Runnable mark) throws Exception {
        java.nio.file.Path log = java.nio.file.Files.createTempFile("bench-service-", ".log");
        try (ServiceJvm service = ServiceJvm.start(List.of(jvm.trim().split("\\s+")), serviceArgs, log,
                line -> System.out.println("service " + line))) {
            service.go();
            mark.run();
            service.mark();
            awaitLoaded(kafka, service::alive);
            Map<String, String> s = service.stop();
            return new Figures("its own JVM (" + jvm + "; log " + log + ")", "service JVM only",
                    Double.parseDouble(s.get("seconds")), Double.parseDouble(s.get("cpu")),
                    Double.parseDouble(s.get("consumer-cpu")), Double.parseDouble(s.get("gc")),
                    Long.parseLong(s.get("peak-mb")), Integer.parseInt(s.get("cores")));
        }
    }

    private static void awaitLoaded(KafkaSandbox kafka, java.util.function.BooleanSupplier serviceAlive) {
        Awaitility.await().atMost(Duration.ofHours(1)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!serviceAlive.getAsBoolean()) {
                throw new IllegalStateException("the service JVM ended before it loaded everything");
            }
            return kafka.fullyCommitted(GROUP, TOPIC);
        });
    }

    /** CPU time of the load route's threads: its consumers (cut, normalize, commit) and the Stream Load threads (Camel names them Split). */
    private static long consumerThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && (t.getThreadName().contains("KafkaConsumer[" + TOPIC) || t.getThreadName().endsWith(" - Split"))) {
                total += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
    }

    /** {@code pad}: bytes of an extra field no table maps, for large records (kept in the raw event's payload). */
    private static long produce(KafkaSandbox kafka, int orders, int pad) {
        OrderFeed feed = new OrderFeed(kafka, TOPIC);
        OrderGenerator gen = new OrderGenerator(100_000_000L);
        java.util.SplittableRandom random = new java.util.SplittableRandom(pad);
        char[] padding = new char[pad];
        long bytes = 0;
        for (int n = 0; n < orders; n++) {
            Map<String, Object> o = gen.order(n, 0);
            if (pad > 0) {
                for (int i = 0; i < pad; i++) { // letters at random: as incompressible on Kafka as real payloads
                    padding[i] = (char) ('a' + random.nextInt(26));
                }
                o.put("bench_padding", new String(padding));
            }
            byte[] json = gen.json(o);
            bytes += json.length;
            feed.sendRaw("bench-account-" + (n % 8), String.valueOf(o.get("o_id")), json, OrderFeed.eventId(gen.orderId(n), 0));
        }
        kafka.flush();
        return bytes;
    }

    /**
     * A plain KafkaConsumer's read of the topic: records per second from its first records on, and counted from its
     * subscribe (the group join and the poll that brought the first records included).
     */
    private record RawRead(double recordsPerSecond, double fromSubscribe) {
    }

    private static RawRead rawConsumerRate(KafkaSandbox kafka, int expected, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10000);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        long count = 0;
        long sum = 0;
        long subscribed = System.nanoTime();
        long start = 0;
        long counted = 0; // the records after the first poll that returned any: the clock starts there
        long end;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(TOPIC));
            while (count < expected) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    sum += r.value().length; // touch every record as a consumer would
                    count++;
                }
                if (start == 0 && !records.isEmpty()) {
                    start = System.nanoTime();
                } else {
                    counted += records.count();
                }
            }
            end = System.nanoTime();
        }
        double seconds = (end - start) / 1e9;
        System.out.printf("raw KafkaConsumer (group %s) read %,d records (%,d bytes); after its first poll %,d in %.2f s%n",
                group, count, sum, counted, seconds);
        return new RawRead(counted / seconds, count / ((end - subscribed) / 1e9));
    }
}
