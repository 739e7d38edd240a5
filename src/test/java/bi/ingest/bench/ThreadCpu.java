package bi.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM's threads by kind (numbers in names folded), between two snapshots: where a benchmark's CPU
 * went. The JVM's own threads (JIT compilers, garbage collectors) are not Java threads: on Linux their CPU is read from
 * {@code /proc/self/task}; elsewhere the JIT's figure is the compilation bean's time (which also counts a compiler's
 * waits for a core), and GC is what is left of the process's CPU.
 */
final class ThreadCpu {

    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Long> start = snapshot();
    private final long processStart = processCpu();
    private final long compileStart = compileMillis();
    private final Map<String, Long> jvmThreadsStart = jvmThreads();

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
        Map<String, Long> jvmThreads = jvmThreads();
        if (jvmThreads.isEmpty()) {
            long jit = (compileMillis() - compileStart) * 1_000_000;
            byKind.put("JIT compilers (their time, about their CPU)", jit);
            byKind.put("rest of the JVM (GC threads mostly)", Math.max(0, processCpu() - processStart - threads - jit));
        } else {
            long jvm = 0;
            for (Map.Entry<String, Long> e : jvmThreads.entrySet()) {
                long used = e.getValue() - jvmThreadsStart.getOrDefault(e.getKey(), 0L);
                byKind.merge(e.getKey(), used, Long::sum);
                jvm += used;
            }
            byKind.put("rest of the JVM", Math.max(0, processCpu() - processStart - threads - jvm));
        }
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

    /**
     * CPU nanoseconds of the JVM's own threads by kind ("JIT compilers", "GC threads", "VM thread"), from
     * {@code /proc/self/task}; empty where that cannot be read.
     */
    static Map<String, Long> jvmThreads() {
        Map<String, Long> cpu = new HashMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return cpu;
        }
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path task : all.toList()) {
                try {
                    String name = java.nio.file.Files.readString(task.resolve("comm")).trim();
                    String kind = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "JIT compilers"
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("ParGC") ? "GC threads"
                            : name.equals("VM Thread") ? "VM thread" : null;
                    if (kind != null) {
                        String stat = java.nio.file.Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                        cpu.merge(kind, ticks * 10_000_000L, Long::sum); // USER_HZ is 100 on Linux
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            cpu.clear();
        }
        return cpu;
    }

    private static long compileMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
