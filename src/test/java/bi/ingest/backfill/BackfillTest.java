package bi.ingest.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.erp.jushuitan.JushuitanTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Backfills through the running service: the admin API, the dispatch route, the shared pull route, the load path. */
@ExtendWith(OutputCaptureExtension.class)
class BackfillTest extends JushuitanTestSupport {

    @Autowired
    MeterRegistry meters;

    @Test
    void aYearOfOrdersForTwoAccountsIsBackfilledExactlyOnceWhileLivePullsRun(CapturedOutput output) throws Exception {
        Instant now = Instant.now();
        int limitedBefore = rateLimitAnswers();
        Map<String, JushuitanDataset> data = new LinkedHashMap<>();
        for (long base : new long[] {81_000_000L, 82_000_000L}) {
            JushuitanDataset d = new JushuitanDataset(base, 1500, 365, now);
            // live pulls cover the last two days only; the year before is the backfill's
            data.put(connect("year", d, now.minus(Duration.ofDays(2))), d);
        }
        Map<String, String> jobs = new LinkedHashMap<>();
        data.keySet().forEach(account -> jobs.put(account, startBackfill(account, "orders",
                now.minus(Duration.ofDays(365)).toString(), now.toString())));
        data.values().forEach(d -> d.touchOrders(30, Instant.now(), 3)); // live changes while the backfill runs

        jobs.values().forEach(job -> await().atMost(Duration.ofSeconds(150)).until(() -> "DONE".equals(status(job))));
        data.forEach((account, d) -> awaitTables(Duration.ofSeconds(60))
                .untilAsserted(() -> assertRows("erp_order", "o_id", account, d.all("orders"))));
        data.forEach((account, d) -> {
            // backfill and live pulls overlapped: each order version was published and loaded once, none twice
            long versions = STREAMLOAD.table("erp_raw_event").rows(r -> account.equals(r.get("account"))
                    && "orders".equals(r.get("entity"))).size();
            assertThat(versions).isBetween(1500L, 1530L);
            assertThat(STREAMLOAD.table("erp_raw_event").committed(r -> account.equals(r.get("account"))
                    && "orders".equals(r.get("entity")))).isEqualTo(versions);
        });
        JsonNode job = job(jobs.values().iterator().next());
        assertThat(job.path("windowsDone").asInt()).isEqualTo(job.path("windowsTotal").asInt()).isEqualTo(53);
        assertThat(job.path("records").asLong()).as("all but the orders changed since").isGreaterThanOrEqualTo(1500 - 30);
        assertThat(rateLimitAnswers() - limitedBefore).as("rate-limit answers").isZero();
        assertThat(output.getAll()).contains("backfill=" + job.path("id").asText() + " done after 53/53 windows");
        assertThat(meters.find("bi.backfill.windows").tag("account", jobs.keySet().iterator().next()).counter().count()).isEqualTo(53);
        var mbeans = ManagementFactory.getPlatformMBeanServer();
        assertThat(mbeans.queryNames(new ObjectName("bi.ingest:type=Backfills,*"), null)).as("JMX")
                .singleElement().satisfies(name -> assertThat(mbeans.getAttribute(name, "RunningJobs")).isEqualTo(0));
        assertNoSecretIn(output);
    }

    @Test
    void cancelStopsAJobWithinOneWindowAndACancelledJobCanBeRestarted(CapturedOutput output) {
        Instant now = Instant.now();
        JushuitanDataset d = new JushuitanDataset(83_000_000L, 600, 365, now);
        String account = connect("cancel", d, now.minus(Duration.ofDays(1)));
        // 20 windows, about 2 calls a second left to the backfill beside the live pulls: cancelled in the middle
        Instant from = now.minus(Duration.ofDays(140));
        String job = startBackfill(account, "orders", from.toString(), now.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> job(job).path("windowsDone").asInt() >= 3);

        JsonNode cancelled = admin().call("POST", "/admin/backfills/" + job + "/cancel", null).json();
        assertThat(cancelled.path("status").asText()).isEqualTo("CANCELLED");
        int atCancel = cancelled.path("windowsDone").asInt();
        // throughout the next seconds, at most the window in flight finishes
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> job(job).path("windowsDone").asInt() <= atCancel + 1);
        assertThat(admin().call("POST", "/admin/backfills/" + job + "/cancel", null).status()).isEqualTo(400);

        assertThat(admin().call("POST", "/admin/backfills/" + job + "/retry", null).json().path("status").asText()).isEqualTo("QUEUED");
        await().atMost(Duration.ofSeconds(120)).until(() -> "DONE".equals(status(job)));
        assertThat(output.getAll()).containsPattern("backfill=" + job + " account=" + account + " entity=orders resumed at window ("
                + (atCancel + 1) + "|" + (atCancel + 2) + ")/");
        List<JushuitanDataset.Item> inRange = d.all("orders").stream()
                .filter(o -> !o.modified().isBefore(from)).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> STREAMLOAD.table("erp_order").count("account", account) >= inRange.size());
        assertNoSecretIn(output);
    }

    @Test
    void aBackfillThatReadsOlderVersionsLeavesTheNewerLiveRowsInPlace(CapturedOutput output) {
        Instant now = Instant.now();
        JushuitanDataset d = new JushuitanDataset(84_000_000L, 300, 30, now);
        String account = connect("older", d, now.minus(Duration.ofDays(31)));
        awaitTables(Duration.ofSeconds(60)).untilAsserted(() -> assertRows("erp_order", "o_id", account, d.all("orders")));

        // the ERP's history shows 20 orders at versions a week older than the rows loaded
        for (int n = 0; n < 20; n++) {
            d.addPastVersion(n, d.order(n).modified().minus(Duration.ofDays(8)));
        }
        d.history(true);
        String job = startBackfill(account, "orders", now.minus(Duration.ofDays(40)).toString(), now.toString());
        await().atMost(Duration.ofSeconds(90)).until(() -> "DONE".equals(status(job)));
        await().atMost(Duration.ofSeconds(30)).until(() -> STREAMLOAD.table("erp_raw_event").committedOf(account,
                r -> "orders".equals(r.get("entity"))) == 300 + 20);

        assertRows("erp_order", "o_id", account, d.all("orders")); // every row still at its newest version
        d.history(false);
        assertNoSecretIn(output);
    }

    @Test
    void badRequestsAreRefusedWithAMessageThatSaysWhatIsWrong() {
        Instant now = Instant.now();
        String account = connect("requests", new JushuitanDataset(85_000_000L, 10, 5, now), now);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"account\":\"nobody\",\"entity\":\"orders\",\"from\":\"2026-01-01\",\"to\":\"2026-02-01\"}", "unknown account 'nobody'");
        cases.put(backfillBody(account, "invoices", "2026-01-01", "2026-02-01"), "unknown Jushuitan entity 'invoices'");
        cases.put(backfillBody(account, "shops", "2026-01-01", "2026-02-01"), "no history to backfill");
        cases.put(backfillBody(account, "orders", "2026-02-01", "2026-01-01"), "must be before to");
        cases.put(backfillBody(account, "orders", "2026-01-01", now.plus(Duration.ofDays(2)).toString()), "ends in the future");
        cases.put(backfillBody(account, "orders", "2019-01-01", "2019-02-01"), "older than the ERP keeps data");
        cases.put(backfillBody(account, "orders", "last monday", "2026-02-01"), "from: expected 2026-01-01");
        cases.put("{\"account\":\"" + account + "\",\"entity\":\"orders\",\"from\":\"2026-01-01\"}", "to is required");
        cases.forEach((request, message) -> {
            AdminClient.Answer answer = admin().call("POST", "/admin/backfills", request);
            assertThat(answer.status()).as(request).isEqualTo(400);
            assertThat(answer.json().path("error").asText()).as(request).contains(message);
        });
        assertThat(admin().call("GET", "/admin/backfills/bf-0", null).status()).isEqualTo(404);
        assertThat(new AdminClient(port, null, null).call("POST", "/admin/backfills", backfillBody(account, "orders", "2026-01-01", "2026-02-01"))
                .status()).isEqualTo(401);
    }

}
