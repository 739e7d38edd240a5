package bi.ingest.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The benchmark's side of {@link ServiceUnderBench}: the service started as its own JVM (heap and collector as in
 * production unless told otherwise), so its CPU, GC and heap are measured without the broker and the sandbox.
 */
final class ServiceJvm implements AutoCloseable {

    private final Process process;
    private final Writer commands;
    private final CompletableFuture<Map<String, String>> stats = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    private ServiceJvm(Process process, Path log, Consumer<String> reports) {
        this.process = process;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> read(log, reports), "service-jvm-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the service with {@code jvmOptions} (e.g. {@code -Xmx512m}) and the service's {@code args}; lines it
     * prints other than the protocol's go to the log file {@code log}; {@code HEAP} lines go to {@code reports}.
     */
    static ServiceJvm start(List<String> jvmOptions, List<String> args, Path log, Consumer<String> reports) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        String extra = System.getProperty("bench.service-jvm-args", "").trim(); // diagnostics, e.g. a flight recording
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ServiceUnderBench.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ServiceJvm jvm = new ServiceJvm(p, log, reports);
        try {
            jvm.ready.get(3, TimeUnit.MINUTES);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the service did not start; see " + log, e);
        }
        return jvm;
    }

    /**
     * The service's arguments against the benchmark's broker and sandbox: Jushuitan orders from {@code topic},
     * consumer groups {@code <name>-load.*}, state in an in-memory database, batch lines of the log quiet.
     */
    static List<String> args(String bootstrapServers, String feUrl, String topic, String name, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--camel.component.kafka.brokers=" + bootstrapServers,
                "--bi.topics.jushuitan-orders=" + topic,
                "--bi.streamload.fe-url=" + feUrl,
                "--bi.streamload.username=bench", "--bi.streamload.password=bench-password",
                "--spring.datasource.url=jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1",
                "--bi.load.consumer.group-id=" + name + "-load",
                "--logging.level.bi.ingest.load.batches=WARN",
                "--server.port=0"));
        args.addAll(List.of(more));
        return args;
    }

    /** Starts the service's routes. */
    void go() {
        send("GO");
    }

    /** Starts the measurement over from now (after a warm-up); otherwise it runs from {@link #go()}. */
    void mark() {
        send("MARK");
    }

    /** Stops the measurement and returns the service's figures (keys as in its STATS line). */
    Map<String, String> stop() {
        send("STOP");
        try {
            return stats.get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("the service gave no figures (exit " + (process.isAlive() ? "none yet" : process.exitValue()) + ")", e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    private void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the service JVM is gone", e);
        }
    }

    private void read(Path log, Consumer<String> reports) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer logFile = java.nio.file.Files.newBufferedWriter(log)) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.equals("READY")) {
                    ready.complete(null);
                } else if (line.startsWith("STATS ")) {
                    stats.complete(fields(line));
                } else if (line.startsWith("HEAP ") || line.startsWith("CPU ")) {
                    reports.accept(line);
                } else {
                    logFile.write(line);
                    logFile.write('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("the service JVM ended"));
        stats.completeExceptionally(new IllegalStateException("the service JVM ended"));
    }

    static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        for (String kv : line.split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                f.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return f;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
