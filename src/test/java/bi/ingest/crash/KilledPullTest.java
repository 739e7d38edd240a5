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
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service as a separate process, SIGKILLed while a row-version pull is in the middle of its pages, and started
 * again: the next pull starts from the stored row-version position and every order ends loaded at its latest version.
 */
class KilledPullTest {

    private static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();
    private static final JushuitanSandbox JUSHUITAN = TestSandboxes.jushuitan();

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aPullKilledInTheMiddleOfItsRowVersionsResumesFromItsCheckpointAndLosesNothing() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "pullcrash-");
        JUSHUITAN.setRateLimit(5, 600); // what the service is configured for
        int port = ServiceProcess.freePort();
        String account = "pullcrash-" + Long.toHexString(System.nanoTime());
        String appKey = "app-" + account;
        String secret = "secret-" + UUID.randomUUID();
        Instant now = Instant.now();
        JushuitanDataset data = new JushuitanDataset(87_000_000L, 3000, 10, now);
        JUSHUITAN.registerApp(appKey, secret, false, "http://127.0.0.1:" + port + "/erp/jushuitan/callback", data);
        AdminClient admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);

        start(work, "first", port);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> admin.call("GET", "/admin/accounts", null).status() == 200);
        assertThat(admin.call("POST", "/admin/accounts", "{\"id\":\"" + account + "\",\"name\":\"n\",\"appKey\":\"" + appKey
                + "\",\"appSecret\":\"" + secret + "\",\"pullFrom\":\"" + now.minus(Duration.ofDays(11)) + "\"}").status()).isEqualTo(201);
        String url = admin.call("POST", "/admin/accounts/" + account + "/authorize", null).json().path("authorizeUrl").asText();
        assertThat(admin.followAuthorization(url).status()).isEqualTo(200);
        // the windows read the ten days, then the row-version cursor takes over
        await().atMost(Duration.ofSeconds(120)).until(() -> STREAMLOAD.table("erp_order").count("account", account) == 3000
                && pages(work, account, true) > 0);

        // a burst: every order changes, so the next pull reads 30 pages by start_ts; killed after a few of them
        data.touchOrders(3000, Instant.now(), 5);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> pages(work, account, false) >= 5);
        processes.get(0).destroyForcibly().waitFor();
        long pagesAtKill = pages(work, account, false);
        assertThat(pagesAtKill).as("killed in the middle of the pull").isBetween(5L, 29L);

        start(work, "second", port);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<Object, Object> loaded = STREAMLOAD.table("erp_order").rows(r -> account.equals(r.get("account"))).stream()
                    .collect(Collectors.toMap(r -> r.get("o_id"), r -> r.get("modified")));
            assertThat(loaded).hasSize(3000);
            data.all("orders").forEach(o -> assertThat(loaded.get(o.id())).as("order %s", o.id()).isEqualTo(o.fields().get("modified")));
        });
        assertThat(STREAMLOAD.table("erp_raw_event").rows(r -> account.equals(r.get("account")) && "orders".equals(r.get("entity"))))
                .as("one raw row per order version").hasSize(6000);
        assertThat(Files.readString(work.resolve("second.log"))).as("the restarted service went on by row version")
                .contains("account=" + account + " entity=orders pulled by start_ts")
                .doesNotContain("account=" + account + " entity=orders window=");
    }

    /** Pages of the account's order pulls stored so far: of complete pulls, or of the pull still running. */
    private static long pages(Path work, String account, boolean complete) throws Exception {
        try (var c = DriverManager.getConnection(ServiceProcess.h2Url(work), "sa", "");
             var s = c.prepareStatement("SELECT COUNT(*) FROM erp_pull_row_version WHERE account_id = ? AND entity = 'orders' "
                     + "AND pull_complete = ? AND pull_started = (SELECT MAX(pull_started) FROM erp_pull_row_version "
                     + "WHERE account_id = ? AND entity = 'orders')")) {
            s.setString(1, account);
            s.setBoolean(2, complete);
            s.setString(3, account);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void start(Path work, String name, int port) throws Exception {
        processes.add(ServiceProcess.start(work, name, ServiceProcess.pullingArgs("pullcrash", port, work, "0/2 * * * * ?")));
    }
}
