package bi.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM's threads by kind (numbers in names folded), between two snapshots: where a benchmark's CPU
 * went. The JIT compilers' time comes from the compilation bean; what neither accounts for is the JVM's own work,
 * garbage collection mostly.
 */
final class ThreadCpu {

    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> start = snapshot();
    private final long processStart = processCpu();
    private final long compileStart = compileMillis();

    /** CPU seconds by kind of thread since this was made, largest first, with "JVM (GC ...)" for the rest. */
    String breakdown(int top) {
        Map<String, Long> byKind = new HashMap<>();
        long threads = 0;
        for (Map.Entry<Long, Long> e : snapshot().entrySet()) {
            long used = e.getValue() - start.getOrDefault(e.getKey(), 0L);
            if (used > 0) {
                byKind.merge(names.get(e.getKey()), used, Long::sum);
                threads += used;
            }
        }
        long jit = (compileMillis() - compileStart) * 1_000_000;
        byKind.put("JIT compilers (their time, about their CPU)", jit);
        byKind.put("rest of the JVM (GC threads mostly)", Math.max(0, processCpu() - processStart - threads - jit));
        return byKind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(e -> String.format("%.1f %s", e.getValue() / 1e9, e.getKey())).collect(Collectors.joining(" | "));
    }

    private Map<Long, Long> snapshot() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null) {
                long used = threads.getThreadCpuTime(t.getThreadId());
                if (used >= 0) {
                    cpu.put(t.getThreadId(), used);
                    names.put(t.getThreadId(), kind(t.getThreadName()));
                }
            }
        }
        return cpu;
    }

    private static String kind(String name) {
        return name.replaceAll("[0-9]+", "N").replaceAll(" \\| [^ ]+$", "");
    }

    private static long compileMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
