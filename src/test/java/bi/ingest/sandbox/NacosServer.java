package bi.ingest.sandbox;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Nacos server (2.3.2, standalone, embedded Derby, authentication on) in a JVM of its own, from the Maven
 * artifacts in {@code src/test/nacos-server/pom.xml} (the build writes their classpath to
 * {@code target/nacos-server.classpath}). Its HTTP port {@code p} comes with the client's gRPC port {@code p + 1000}.
 * The administrator is Nacos's built-in {@code nacos} user; {@link #addUser} creates the service's own user with
 * read access to one namespace, the way an operator would.
 */
public final class NacosServer implements AutoCloseable {

    private static final String ADMIN = "nacos";
    private static final String ADMIN_PASSWORD = "nacos"; // Nacos 2.3's built-in default
    private static final Path CLASSPATH = Path.of("target", "nacos-server.classpath");

    private final int port;
    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private NacosServer(int port, Path home) {
        this.port = port;
        this.home = home;
    }

    /** A port {@code p} whose gRPC ({@code p + 1000}, {@code p + 1001}) and Raft ({@code p - 1000}) ports are free too. */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(p) && free(p + 1000) && free(p + 1001) && free(p - 1000)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port for Nacos");
    }

    /** A server that will listen on {@code port} once {@link #start} is called; its data lives under {@code home}. */
    public static NacosServer on(int port, Path home) {
        return new NacosServer(port, home);
    }

    /** Starts the JVM and waits until the server answers and its administrator can log in. */
    public synchronized NacosServer start() throws IOException {
        if (!Files.exists(CLASSPATH)) {
            throw new IllegalStateException(CLASSPATH + " is missing: the build writes it (mvn process-test-resources)");
        }
        Files.createDirectories(home);
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dnacos.standalone=true", "-Dnacos.home=" + home.toAbsolutePath(), "-Dserver.port=" + port,
                // its embedded Derby must open within the pool's connection timeout, 3 s by default: on two busy cores
                // booting Derby took longer ("load derby-schema.sql error ... Login timeout exceeded") and Nacos exited
                "-Ddb.pool.config.connectionTimeout=60000",
                "-Dnacos.core.auth.enabled=true", "-Dnacos.core.auth.system.type=nacos",
                // users read from its database at each login, not from a cache reloaded every 15 s
                "-Dnacos.core.auth.caching.enabled=false",
                "-Dnacos.core.auth.plugin.nacos.token.secret.key=" + Base64.getEncoder().encodeToString(key),
                "-Dnacos.core.auth.server.identity.key=bi-ingest-tests",
                "-Dnacos.core.auth.server.identity.value=" + Long.toHexString(new SecureRandom().nextLong()),
                "-cp", Files.readString(CLASSPATH).trim(), "com.alibaba.nacos.Nacos"));
        process = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(new File(home.toFile(), "nacos.log")).start();
        ServiceProcess.STARTED.add(process);
        // ready: its administrator can log in
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Nacos exited: " + Files.readString(home.resolve("nacos.log")));
            }
            return loginOrNull(ADMIN, ADMIN_PASSWORD) != null;
        });
        return this;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public void createNamespace(String id) throws Exception {
        String answer = post("/nacos/v1/console/namespaces", "customNamespaceId=" + enc(id) + "&namespaceName=" + enc(id)
                + "&namespaceDesc=" + enc("bi-ingest tests"));
        if (!answer.contains("true")) {
            throw new IllegalStateException("namespace " + id + ": " + answer);
        }
    }

    /** A user with its own role, allowed to read {@code namespace}; returns once it can log in. */
    public void addUser(String user, String password, String namespace) throws Exception {
        TestSecrets.remember(password);
        String role = "ROLE_" + user.toUpperCase().replace('-', '_');
        post("/nacos/v1/auth/users", "username=" + enc(user) + "&password=" + enc(password));
        post("/nacos/v1/auth/roles", "role=" + enc(role) + "&username=" + enc(user));
        post("/nacos/v1/auth/permissions", "role=" + enc(role) + "&resource=" + enc(namespace + ":*:*") + "&action=r");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> loginOrNull(user, password) != null);
    }

    /** Publishes a YAML config as an operator does in the console, and waits until the server serves it. */
    public void publish(String namespace, String group, String dataId, String yaml) throws Exception {
        String answer = post("/nacos/v1/cs/configs", "tenant=" + enc(namespace) + "&group=" + enc(group) + "&dataId="
                + enc(dataId) + "&type=yaml&content=" + enc(yaml));
        if (!answer.contains("true")) {
            throw new IllegalStateException("publish " + dataId + ": " + answer);
        }
        // publishing is asynchronous: a read right after it may still miss the new value
        String query = "/nacos/v1/cs/configs?tenant=" + enc(namespace) + "&group=" + enc(group) + "&dataId=" + enc(dataId);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> yaml.equals(get(query)));
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroyForcibly();
            process = null;
        }
    }

    private String post(String path, String form) throws Exception {
        String sep = path.contains("?") ? "&" : "?";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + address() + path + sep
                        + "accessToken=" + enc(adminToken())))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Nacos " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + address() + path
                + "&accessToken=" + enc(adminToken()))).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
    }

    private String adminToken() throws Exception {
        String token = loginOrNull(ADMIN, ADMIN_PASSWORD);
        if (token == null) {
            throw new IllegalStateException("Nacos refused its administrator");
        }
        return token;
    }

    private String loginOrNull(String user, String password) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + address() + "/nacos/v1/auth/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(user) + "&password=" + enc(password)))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(r.body());
            return r.statusCode() == 200 && m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null; // not listening yet
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
