package bi.ingest.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The service as a separate process, SIGKILLed while a row-version pull is in the middle of its pages, and started
 * again: the next pull starts from the stored row-version position and every order ends loaded at its latest version.
 */
class KilledPullTest extends PullingProcessTestSupport {

    @Test
    void aPullKilledInTheMiddleOfItsRowVersionsResumesFromItsCheckpointAndLosesNothing() throws Exception {
        Instant now = Instant.now();
        JushuitanDataset data = new JushuitanDataset(87_000_000L, 3000, 10, now);
        Process first = startWithAccount("pullcrash", data, now.minus(Duration.ofDays(11)));
        // the windows read the ten days, then the row-version cursor takes over
        await().atMost(Duration.ofSeconds(120)).until(() -> STREAMLOAD.table("erp_order").count("account", account) == 3000
                && pages(work, account, true) > 0);

        // a burst: every order changes, so the next pull reads 30 pages by start_ts; killed after a few of them
        data.touchOrders(3000, Instant.now(), 5);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> pages(work, account, false) >= 5);
        first.destroyForcibly().waitFor();
        long pagesAtKill = pages(work, account, false);
        assertThat(pagesAtKill).as("killed in the middle of the pull").isBetween(5L, 29L);

        start("second");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<Object, Object> loaded = STREAMLOAD.table("erp_order").rowsOf(account).stream()
                    .collect(Collectors.toMap(r -> r.get("o_id"), r -> r.get("modified")));
            assertThat(loaded.size()).isEqualTo(3000); // not hasSize: its failure message would render every row
            data.all("orders").forEach(o -> assertThat(loaded.get(o.id())).as("order %s", o.id()).isEqualTo(o.fields().get("modified")));
        });
        assertThat(STREAMLOAD.table("erp_raw_event").rowsOf(account, r -> "orders".equals(r.get("entity"))))
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
}
