package bi.ingest.sandbox;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Where the suite's CPU goes: per test class, its wall time, the CPU of the test JVM and of the service processes it
 * started (Linux: the children's CPU the kernel adds up once they ended), appended to
 * {@code target/test-cpu/<pid>.tsv}; {@code .ci/run} prints the ten costliest. On two cores the suite is CPU-bound,
 * so this, not the wall time, says what makes it slow. Registered through {@code META-INF/services}.
 */
public final class TestCpuAccounting implements TestExecutionListener {

    private static final Path OUT = Path.of("target", "test-cpu");
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Start(long wallNanos, long jvmCpuNanos, long childCpuTicks) {
    }

    private final Map<String, Start> started = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier id) {
        className(id).ifPresent(c -> started.put(c, new Start(System.nanoTime(), OS.getProcessCpuTime(), childCpuTicks())));
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        className(id).ifPresent(c -> {
            Start s = started.remove(c);
            if (s == null) {
                return;
            }
            awaitEndedProcesses();
            double wall = (System.nanoTime() - s.wallNanos()) / 1e9;
            double jvm = (OS.getProcessCpuTime() - s.jvmCpuNanos()) / 1e9;
            double children = (childCpuTicks() - s.childCpuTicks()) / 100.0;
            String line = String.format(Locale.ROOT, "%s\t%.1f\t%.1f\t%.1f%n", c, wall, jvm, children);
            try {
                Files.createDirectories(OUT);
                Files.writeString(OUT.resolve(ProcessHandle.current().pid() + ".tsv"), line, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The class's service processes were killed as it ended: once reaped, the kernel adds their CPU to ours. */
    private static void awaitEndedProcesses() {
        for (Process p : ServiceProcess.STARTED) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
                ServiceProcess.STARTED.remove(p);
            } catch (TimeoutException e) {
                // still running (a process shared with later classes): counted when it ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                ServiceProcess.STARTED.remove(p);
            }
        }
    }

    private static Optional<String> className(TestIdentifier id) {
        return id.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getClassName());
    }

    /** cutime + cstime of /proc/self/stat: CPU of ended, reaped children, in clock ticks (100 a second); 0 elsewhere. */
    private static long childCpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state(3) ppid ... utime(14) stime(15) cutime(16) cstime(17); index = field - 3
            return Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
