package bi.ingest.sandbox;

import bi.ingest.BiIngestApplication;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The service as a separate JVM (the test's classpath), for tests that kill it with SIGKILL. */
public final class ServiceProcess {

    private static final String[] ENTITIES = {"orders", "refunds", "inventory", "skus", "shops"};

    private ServiceProcess() {
    }

    /**
     * JVM options of a test's service process: C1 only and the serial collector. Several service JVMs start next to two
     * test JVMs on two cores; C2's compilations and G1's threads cost a quarter of their CPU while they wait on timers.
     */
    static final List<String> LIGHT_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /**
     * Settings of a service process (not of a production JVM's): its idle consumers ask the test JVM's broker every 2 s
     * instead of every 500 ms (Kafka's default), which cost that broker a core's tenth for three processes; a waiting
     * fetch still gets records at once. But after a batch that reached its byte limit rewound its partitions, the
     * consumer's polls came back empty for up to 2 s (waiting, I take it, for a fetch still out): four times what
     * production sees.
     */
    static final List<String> QUIET_CONSUMERS = List.of("--camel.component.kafka.fetch-wait-max-ms=2000");
    /** Every process started, until it ended: {@link TestCpuAccounting} waits for them to count their CPU. */
    static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Starts the service with {@code args}; its output goes to {@code <work>/<name>.log}. */
    public static Process start(Path work, String name, List<String> args) throws IOException {
        return start(work, name, args, false);
    }

    /**
     * Starts the service with {@code args}; its output goes to {@code <work>/<name>.log}. {@code productionJvm}: the
     * JVM's own defaults (C2, G1) and Kafka's, for tests that measure what production sees, such as heap under a burst.
     * Every process maps its classes from the class-data archive once it is built ({@link ServiceClassData}): that only
     * shortens the start (a production JVM's from 23 to 15 CPU-s on an idle machine), as Spring Boot's documented CDS
     * does for production, and leaves the heap as it is.
     */
    public static Process start(Path work, String name, List<String> args, boolean productionJvm) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        if (!productionJvm) {
            cmd.addAll(LIGHT_JVM);
        }
        ServiceClassData.Launch launch = ServiceClassData.launch();
        cmd.addAll(launch.jvmOptions());
        cmd.addAll(List.of("-cp", launch.classPath(), BiIngestApplication.class.getName()));
        String extra = System.getProperty("bi.test.service-jvm-args", "").trim(); // diagnostics, e.g. a GC log
        if (!extra.isEmpty()) {
            cmd.addAll(1, List.of(extra.split("\\s+")));
        }
        if (!productionJvm) {
            cmd.addAll(QUIET_CONSUMERS);
        }
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(work.toFile(), name + ".log")).start();
        STARTED.add(p);
        return p;
    }

    /**
     * Arguments that point every flow of a service process at topics of its own, {@code <prefix>.<entity>} and
     * {@code <prefix>.leke.<name>}: the broker is shared by the test JVM's tests, and a process reading the default
     * topics loads what other tests produced there (with other credentials, into other tests' tables).
     */
    public static List<String> ownTopics(String prefix) {
        List<String> args = new ArrayList<>();
        for (String e : ENTITIES) {
            args.add("--bi.topics.jushuitan-" + e + "=" + prefix + "." + e);
        }
        args.add("--bi.leke.topics=" + prefix.replace(".", "\\.") + "\\.leke\\.[^.]+");
        return args;
    }

    /**
     * Arguments of a service process against the test JVM's sandboxes that pulls Jushuitan entities into topics
     * {@code <prefix>.<entity>} on {@code schedule}, loads with consumer group and label prefix {@code prefix}, and
     * keeps its state in an H2 file under {@code work} (readable by the test while the process runs).
     */
    public static List<String> pullingArgs(String prefix, int port, Path work, String schedule) {
        KafkaSandbox kafka = TestSandboxes.kafka();
        StreamLoadSandbox streamLoad = TestSandboxes.streamLoad();
        JushuitanSandbox jushuitan = TestSandboxes.jushuitan();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--camel.component.kafka.brokers=" + kafka.bootstrapServers(),
                "--camel.component.kafka.session-timeout-ms=6000",
                "--camel.component.kafka.heartbeat-interval-ms=1000",
                "--bi.load.consumer.group-id=" + prefix,
                "--bi.load.label-prefix=" + prefix,
                "--bi.load.consumer.poll-timeout-ms=200",
                "--bi.streamload.fe-url=" + streamLoad.feUrl(),
                "--bi.streamload.username=" + TestSandboxes.STREAMLOAD_USER,
                "--bi.streamload.password=" + TestSandboxes.STREAMLOAD_PASSWORD,
                "--bi.admin.password=" + TestSandboxes.ADMIN_PASSWORD,
                "--bi.secrets.key=" + TestSandboxes.SECRETS_KEY,
                "--bi.jushuitan.api-url=" + jushuitan.apiUrl(),
                "--bi.jushuitan.authorize-url=" + jushuitan.authorizeUrl(),
                "--bi.jushuitan.rate-limit.per-minute=600",
                "--bi.jushuitan.retry.initial-backoff=200ms",
                "--bi.backfill.dispatch-schedule=0/1 * * * * ?",
                "--spring.datasource.url=" + h2Url(work) + ";WRITE_DELAY=0"));
        for (String e : ENTITIES) {
            kafka.createTopic(prefix + "." + e, 2);
            kafka.createTopic(prefix + "." + e + ".dlq", 1);
            args.add("--bi.jushuitan.pull.schedule." + e + "=" + schedule);
        }
        args.addAll(ownTopics(prefix));
        return args;
    }

    /** The H2 file a process started with {@link #pullingArgs} keeps its state in. */
    public static String h2Url(Path work) {
        return "jdbc:h2:file:" + work.toAbsolutePath().resolve("state") + ";AUTO_SERVER=TRUE";
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
