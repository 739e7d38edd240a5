package bi.ingest.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The service as a separate process, SIGKILLed in the middle of a backfill and started again: the job resumes with
 * its first unfinished window, the tables end exactly as an uninterrupted run leaves them, and the refresh token the
 * killed process rotated still works for the new one.
 */
class KilledBackfillTest extends PullingProcessTestSupport {

    @Test
    void aBackfillKilledMidwayResumesWhereItStoppedAndLoadsEveryOrderOnce() throws Exception {
        Instant now = Instant.now();
        JushuitanDataset data = new JushuitanDataset(86_000_000L, 1500, 365, now);
        Process first = startWithAccount("bfcrash", data, now.minus(Duration.ofDays(1)));
        JsonNode started = admin.call("POST", "/admin/backfills", "{\"account\":\"" + account + "\",\"entity\":\"orders\",\"from\":\""
                + now.minus(Duration.ofDays(365)) + "\",\"to\":\"" + now + "\"}").json();
        String job = started.path("id").asText();
        int total = started.path("windowsTotal").asInt();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin.call("GET", "/admin/backfills/" + job, null).json().path("windowsDone").asInt() >= 5);
        JUSHUITAN.expireAccessToken(appKey); // the first process refreshes: the refresh token rotates
        await().atMost(Duration.ofSeconds(30)).until(() -> JUSHUITAN.app(appKey).refreshes() == 1);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> admin.call("GET", "/admin/backfills/" + job, null).json().path("windowsDone").asInt() >= 10);
        first.destroyForcibly().waitFor();
        int doneAtKill = windowsDone(job, work);
        assertThat(doneAtKill).as("killed in the middle").isBetween(10, total - 1);

        start("second");
        JUSHUITAN.expireAccessToken(appKey); // the restarted process refreshes with the rotated token it stored
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> "DONE".equals(admin.call("GET", "/admin/backfills/" + job, null).json().path("status").asText()));
        assertThat(JUSHUITAN.app(appKey).refreshes()).as("the restarted service refreshed with the rotated token").isEqualTo(2);
        assertThat(admin.call("GET", "/admin/accounts/" + account, null).json().path("tokenState").asText()).isEqualTo("AUTHORIZED");
        assertThat(Files.readString(work.resolve("second.log")))
                .contains("backfill=" + job + " account=" + account + " entity=orders resumed at window " + (doneAtKill + 1) + "/" + total);

        // as an uninterrupted run: every order once, at its version in the ERP; every version in the raw events once
        // a batch's tables load side by side: wait for the raw events as well as the orders
        await().atMost(Duration.ofSeconds(60)).until(() -> STREAMLOAD.table("erp_order").count("account", account) == 1500
                && STREAMLOAD.table("erp_raw_event").rowsOf(account, r -> "orders".equals(r.get("entity"))).size() >= 1500);
        Map<Object, Object> loaded = STREAMLOAD.table("erp_order").rowsOf(account).stream()
                .collect(Collectors.toMap(r -> r.get("o_id"), r -> r.get("modified")));
        data.all("orders").forEach(o -> assertThat(loaded.get(o.id())).as("order %s", o.id()).isEqualTo(o.fields().get("modified")));
        assertThat(STREAMLOAD.table("erp_raw_event").rowsOf(account, r -> "orders".equals(r.get("entity"))))
                .as("one raw row per order version").hasSize(1500);
    }

    /** What the killed process had stored (the API is gone with it; the H2 file is not). */
    private static int windowsDone(String job, Path work) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(ServiceProcess.h2Url(work), "sa", "");
             var s = c.prepareStatement("SELECT windows_done FROM backfill_job WHERE id = ?")) {
            s.setString(1, job);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
