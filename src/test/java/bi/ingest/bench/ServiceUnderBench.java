package bi.ingest.bench;

import bi.ingest.BiIngestApplication;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.camel.CamelContext;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service alone in its own JVM, driven by a benchmark over stdin/stdout: it starts with its routes stopped and
 * prints {@code READY}; {@code GO} starts every route and the measurement, {@code MARK} starts the measurement over
 * (after a warm-up); {@code STOP} prints one {@code STATS} line
 * (CPU, GC, heap of this JVM only) and exits. With {@code --bench.report-seconds=N} it also prints a {@code HEAP}
 * line every N seconds: the heap alive after a full collection, the lowest and highest heap after the collections of
 * that period, the peak and the GC share (the full collection's pause left out).
 * Arguments are the service's own ({@code --key=value}).
 */
public final class ServiceUnderBench {

    /** Heap used after each collection (what stays alive), since the last report. */
    private static final AtomicLong AFTER_GC_MIN = new AtomicLong(Long.MAX_VALUE);
    private static final AtomicLong AFTER_GC_MAX = new AtomicLong();
    private static final AtomicLong AFTER_GC_LAST = new AtomicLong();
    private static final AtomicLong PEAK_USED = new AtomicLong();
    private static final AtomicLong PERIOD_PEAK_USED = new AtomicLong();

    private ServiceUnderBench() {
    }

    public static void main(String[] args) throws Exception {
        int reportSeconds = 0;
        java.util.List<String> appArgs = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--bench.report-seconds=")) {
                reportSeconds = Integer.parseInt(a.substring("--bench.report-seconds=".length()));
            } else {
                appArgs.add(a);
            }
        }
        appArgs.add("--camel.main.auto-startup=false");
        ConfigurableApplicationContext app = SpringApplication.run(BiIngestApplication.class, appArgs.toArray(String[]::new));
        CamelContext camel = app.getBean(CamelContext.class);
        watchCollections();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        expect(in, "GO");

        Baseline base = new Baseline();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            PEAK_USED.accumulateAndGet(used, Math::max);
            PERIOD_PEAK_USED.accumulateAndGet(used, Math::max);
        }, 0, 50, TimeUnit.MILLISECONDS);
        if (reportSeconds > 0) {
            long[] lastGc = {base.gc};
            long[] lastAt = {base.at};
            int[] period = {0};
            sampler.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                long gc = gcMillis();
                double share = 100.0 * (gc - lastGc[0]) / ((now - lastAt[0]) / 1e6);
                long afterMin = AFTER_GC_MIN.getAndSet(Long.MAX_VALUE);
                long afterMax = AFTER_GC_MAX.getAndSet(0);
                long peak = PERIOD_PEAK_USED.getAndSet(0);
                // what is really alive: the heap after a full collection (its pause is left out of the next share)
                System.gc();
                long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf("HEAP period=%d live-mb=%d after-gc-min-mb=%d after-gc-max-mb=%d peak-mb=%d gc-pct=%.1f%n",
                        ++period[0], mb(live), mb(afterMin), mb(afterMax), mb(peak), share);
                System.out.flush();
                lastGc[0] = gcMillis();
                lastAt[0] = System.nanoTime();
            }, reportSeconds, reportSeconds, TimeUnit.SECONDS);
        }
        camel.getRouteController().startAllRoutes();
        for (String command = next(in); !command.equals("STOP"); command = next(in)) {
            if (command.equals("MARK")) {
                base = new Baseline(); // the measurement starts over: what came before was warm-up
                PEAK_USED.set(0);
            }
        }

        double seconds = (System.nanoTime() - base.at) / 1e9;
        sampler.shutdownNow();
        System.out.println("CPU " + base.threads.breakdown(10));
        System.out.printf("STATS seconds=%.3f cpu=%.3f consumer-cpu=%.3f gc=%.3f peak-mb=%d after-gc-last-mb=%d max-heap-mb=%d cores=%d%n",
                seconds, (processCpu() - base.cpu) / 1e9, (consumerThreadsCpuNanos() - base.consumerCpu) / 1e9,
                (gcMillis() - base.gc) / 1e3, mb(PEAK_USED.get()), mb(AFTER_GC_LAST.get()),
                mb(Runtime.getRuntime().maxMemory()), Runtime.getRuntime().availableProcessors());
        System.out.flush();
        app.close();
        System.exit(0);
    }

    /** Where the measurement starts from. */
    private static final class Baseline {
        final long at = System.nanoTime();
        final long cpu = processCpu();
        final long gc = gcMillis();
        final long consumerCpu = consumerThreadsCpuNanos();
        final ThreadCpu threads = new ThreadCpu();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String next(BufferedReader in) throws java.io.IOException {
        String line = in.readLine();
        if (line == null) {
            System.exit(1); // the benchmark went away
        }
        return line.trim();
    }

    private static void expect(BufferedReader in, String command) throws java.io.IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.trim().equals(command)) {
                return;
            }
        }
        System.exit(1); // the benchmark went away
    }

    /** Records the heap used after every collection, from the collectors' notifications. */
    private static void watchCollections() {
        // a collection reports every memory pool after it, also metaspace and the code cache: only the heap's count
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey()) && e.getValue() != null)
                        .mapToLong(e -> e.getValue().getUsed()).sum();
                // G1's concurrent cycle reports its remark and cleanup pauses too, before anything is freed: not counted;
                // nor the full collection the report asks for (System.gc()), which would be the lowest of the next period
                boolean own = !"System.gc()".equals(info.getGcCause());
                if (own && (info.getGcAction().equals("end of minor GC") || info.getGcAction().equals("end of major GC"))) {
                    AFTER_GC_LAST.set(after);
                    AFTER_GC_MIN.accumulateAndGet(after, Math::min);
                    AFTER_GC_MAX.accumulateAndGet(after, Math::max);
                }
            }, null, null);
        }
    }

    /** CPU time of the load routes' threads: consumers (cut, normalize, commit) and the Stream Load threads (Camel names them Split). */
    static long consumerThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && (t.getThreadName().contains("KafkaConsumer[") || t.getThreadName().endsWith(" - Split"))) {
                total += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
    }

    private static long mb(long bytes) {
        return bytes == Long.MAX_VALUE ? -1 : bytes / (1024 * 1024);
    }
}
