package bi.ingest.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.TestSandboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The service as separate processes (killed and started again) pulling one Jushuitan account of the sandbox. */
abstract class PullingProcessTestSupport {

    protected static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();
    protected static final JushuitanSandbox JUSHUITAN = TestSandboxes.jushuitan();

    private final List<Process> processes = new ArrayList<>();
    private String prefix;
    protected Path work;
    protected int port;
    protected String account;
    protected String appKey;
    protected AdminClient admin;

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    /**
     * Starts process "first" (topics {@code <prefix>.<entity>}, pulls every 2 s) and connects an account to
     * {@code data} through the admin API and the sandbox's authorization page.
     */
    protected Process startWithAccount(String prefix, JushuitanDataset data, Instant pullFrom) throws Exception {
        this.prefix = prefix;
        work = Files.createTempDirectory(Path.of("target"), prefix + "-");
        JUSHUITAN.setRateLimit(5, 600); // what the service is configured for
        port = ServiceProcess.freePort();
        account = prefix + "-" + Long.toHexString(System.nanoTime());
        appKey = "app-" + account;
        String secret = "secret-" + UUID.randomUUID();
        JUSHUITAN.registerApp(appKey, secret, false, "http://127.0.0.1:" + port + "/erp/jushuitan/callback", data);
        admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);

        Process first = start("first");
        assertThat(admin.call("POST", "/admin/accounts", "{\"id\":\"" + account + "\",\"name\":\"n\",\"appKey\":\"" + appKey
                + "\",\"appSecret\":\"" + secret + "\",\"pullFrom\":\"" + pullFrom + "\"}").status()).isEqualTo(201);
        String url = admin.call("POST", "/admin/accounts/" + account + "/authorize", null).json().path("authorizeUrl").asText();
        assertThat(admin.followAuthorization(url).status()).isEqualTo(200);
        return first;
    }

    /** Starts a process (its log is {@code <work>/<name>.log}) and waits for its admin API. */
    protected Process start(String name) throws Exception {
        Process p = ServiceProcess.start(work, name, ServiceProcess.pullingArgs(prefix, port, work, "0/2 * * * * ?"));
        processes.add(p);
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> admin.call("GET", "/admin/accounts", null).status() == 200);
        return p;
    }
}
