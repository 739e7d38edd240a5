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

    private ServiceProcess() {
    }

    /** Starts the service with {@code args}; its output goes to {@code <work>/<name>.log}. */
    public static Process start(Path work, String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), BiIngestApplication.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(work.toFile(), name + ".log")).start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
