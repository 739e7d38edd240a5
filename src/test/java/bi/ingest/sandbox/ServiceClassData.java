package bi.ingest.sandbox;

import bi.ingest.BiIngestApplication;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A class-data-sharing archive for the service processes the tests start (about sixteen a run): each maps the classes
 * of Spring, Camel and Kafka from it instead of loading and verifying them again, a third less CPU per start. Written
 * by hand because Java 17 has no {@code -XX:+AutoCreateSharedArchive} and its archives take jars only, not the class
 * directories of a Maven build. The first test JVM that starts its broker builds it in the background (a file lock
 * keeps the other forks from building it too) with a training run that exits once the context is refreshed. A service
 * process started while it is being built waits for it (at most {@link #MAX_WAIT}): the suite is CPU-bound on two
 * cores, and a start without the archive cost more CPU than the wait costs the run (the burst test's service, started
 * before the archive was ready in two runs, took 35 and 47 s to start; waiting for it in the next run, 24 s). If it
 * cannot be built, services start without it. {@code -Dbi.test.service-cds=false} turns it off.
 */
final class ServiceClassData {

    private static final Path ROOT = Path.of("target", "service-cds");
    /** The launch with the archive once it is ready, or without it if it cannot be built; null until then. */
    private static Launch archived;
    private static Thread building;

    /** The class path and JVM options of a service process. */
    record Launch(String classPath, List<String> jvmOptions) {
    }

    private ServiceClassData() {
    }

    /** Longest a service process waits for the archive being built before it starts without it. */
    static final Duration MAX_WAIT = Duration.ofSeconds(150);

    /** How to launch a service process: with the archive, waiting for it while it is built, else without it. */
    static Launch launch() {
        Thread build;
        synchronized (ServiceClassData.class) {
            buildInBackground();
            build = building;
        }
        if (build != null) {
            try {
                build.join(MAX_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (ServiceClassData.class) {
            return archived != null ? archived : plain();
        }
    }

    /**
     * Starts building the archive unless it is built, being built or turned off. Called when a test JVM starts its
     * broker (the training run needs one), so a full run has the archive before its first service process starts.
     */
    static synchronized void buildInBackground() {
        if (archived != null || building != null) {
            return;
        }
        if (!Boolean.parseBoolean(System.getProperty("bi.test.service-cds", "true"))) {
            archived = plain();
            return;
        }
        String testClassPath = System.getProperty("java.class.path");
        try {
            Path dir = ROOT.resolve(fingerprint(testClassPath));
            if (Files.exists(dir.resolve("classpath"))) { // built by another fork, or an earlier run on these classes
                archived = withArchive(dir);
                return;
            }
            building = new Thread(() -> {
                Launch built = prepare(dir, testClassPath, plain(), ServiceProcess.LIGHT_JVM);
                synchronized (ServiceClassData.class) {
                    archived = built;
                }
            }, "service-class-data");
            building.setDaemon(true);
            building.start();
        } catch (IOException | RuntimeException e) {
            System.err.println("service processes start without a class-data archive: " + e);
            archived = plain();
        }
    }

    private static Launch plain() {
        return new Launch(System.getProperty("java.class.path"), List.of());
    }

    private static Launch prepare(Path dir, String testClassPath, Launch plain, List<String> lightJvm) {
        try {
            Files.createDirectories(ROOT);
            try (FileChannel lockFile = FileChannel.open(ROOT.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.exists(dir.resolve("classpath"))) {
                    build(dir, testClassPath, lightJvm);
                }
                return withArchive(dir);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("service processes start without a class-data archive: " + e);
            return plain;
        }
    }

    private static Launch withArchive(Path dir) throws IOException {
        return new Launch(Files.readString(dir.resolve("classpath")), List.of("-XX:SharedArchiveFile=" + dir.resolve("service.jsa")));
    }

    /** Jars of the class directories, then a training run that writes the archive; "classpath" marks it ready. */
    private static void build(Path dir, String testClassPath, List<String> lightJvm) throws IOException {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : testClassPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path jar = dir.resolve("classes-" + n++ + ".jar").toAbsolutePath();
                jar(p, jar);
                entries.add(jar.toString());
            } else if (Files.exists(p)) {
                entries.add(entry);
            }
        }
        String classPath = String.join(File.pathSeparator, entries);
        Path archive = dir.resolve("service.jsa").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        cmd.addAll(lightJvm);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh",
                "-cp", classPath, BiIngestApplication.class.getName(),
                "--server.port=0",
                "--camel.component.kafka.brokers=" + TestSandboxes.kafka().bootstrapServers(),
                "--bi.admin.password=" + TestSandboxes.ADMIN_PASSWORD,
                "--bi.secrets.key=" + TestSandboxes.SECRETS_KEY,
                "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath().resolve("training-state")));
        Process training = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("training.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(training::destroyForcibly)); // the test JVM ended first
        try {
            if (!training.waitFor(180, TimeUnit.SECONDS)) {
                training.destroyForcibly();
                throw new IOException("the training run did not end within 180 s: see " + dir.resolve("training.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            training.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        if (!Files.exists(archive)) {
            throw new IOException("the training run wrote no archive: see " + dir.resolve("training.log"));
        }
        Path marker = Files.writeString(dir.resolve("classpath.tmp"), classPath);
        Files.move(marker, dir.resolve("classpath"), java.nio.file.StandardCopyOption.ATOMIC_MOVE); // read without the lock
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(f -> !f.equals(classes)).sorted()::iterator) {
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                boolean directory = Files.isDirectory(f); // entries of their own: Spring's component scan lists packages
                j.putNextEntry(new JarEntry(directory ? name + "/" : name));
                if (!directory) {
                    Files.copy(f, j);
                }
                j.closeEntry();
            }
        }
    }

    /** Changes with any class or resource of the build and with the JDK: a stale archive is never used. */
    private static String fingerprint(String testClassPath) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(System.getProperty("java.home").getBytes(StandardCharsets.UTF_8));
            for (String entry : testClassPath.split(File.pathSeparator)) {
                Path p = Path.of(entry);
                sha.update(entry.getBytes(StandardCharsets.UTF_8));
                if (Files.isDirectory(p)) {
                    try (Stream<Path> files = Files.walk(p)) {
                        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                            sha.update((p.relativize(f) + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis())
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    }
                } else if (Files.exists(p)) {
                    sha.update((Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis()).getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
