package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pulls while the ERP's data changes under them (the sandbox's drift mode: orders change, appear and leave the
 * windows being paged, between two pages of one pull, and some changes commit late): live row-version pulls and a
 * 30-day backfill together lose no order and no refund, and leave each at its latest version.
 */
class DriftingErpPullTest extends JushuitanTestSupport {

    /** Within bi.jushuitan.pull.overlap of the tests (10 s): late commits the pulls promise to catch. */
    private static final Duration LATE_COMMIT = Duration.ofSeconds(6);

    @Test
    void noOrderOrRefundIsLostWhileTheErpChangesTwentyOrdersASecondForFortyFiveSeconds() {
        Instant now = Instant.now();
        JushuitanDataset d = new JushuitanDataset(79_000_000L, 5000, 30, now);
        // live pulls from the last hour on; the 30 days before are the backfills'
        String account = connect("drift", d, now.minus(Duration.ofHours(1)));
        int limitedBefore = rateLimitAnswers();
        // as many changes as ten a second for ninety seconds, in the time the two backfills take (about 45 s)
        JUSHUITAN.drift(appKey(account), 20, LATE_COMMIT, 42);
        try {
            Instant changesEnd = Instant.now().plus(Duration.ofSeconds(45));
            List<String> jobs = List.of(
                    startBackfill(account, "orders", now.minus(Duration.ofDays(30)).toString(), now.toString()),
                    startBackfill(account, "refunds", now.minus(Duration.ofDays(30)).toString(), now.toString()));

            // 900 changes over 45 s while the backfills and live pulls page, the ERP never refusing a call for its rate limit
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> rateLimitAnswers() > limitedBefore
                            || Instant.now().isAfter(changesEnd) && jobs.stream().allMatch(j -> "DONE".equals(status(j))));
            assertThat(rateLimitAnswers() - limitedBefore).as("rate-limit answers").isZero();
        } finally {
            JUSHUITAN.drift(appKey(account), 0, Duration.ZERO, 0);
        }
        JushuitanSandbox.App app = JUSHUITAN.app(appKey(account));
        assertThat(app.drifted("changed")).as("orders changed").isGreaterThan(500);
        assertThat(app.drifted("new")).as("new orders").isGreaterThan(50);
        assertThat(app.drifted("late")).as("late commits").isGreaterThan(50);
        await().atMost(LATE_COMMIT.multipliedBy(2)).until(() -> d.pendingChanges() == 0);

        // every order and refund exactly once, at its latest version, with its lines
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertOrdersAndRefundsLoaded(account, d));
        assertThat(d.all("orders")).hasSizeGreaterThan(5000);
        Map<Long, Object> loaded = STREAMLOAD.table("erp_order").rowsOf(account).stream()
                .collect(Collectors.toMap(r -> (Long) r.get("o_id"), r -> r.get("remark")));
        d.all("orders").forEach(o -> assertThat(loaded.get(o.id())).as("order %s", o.id()).isEqualTo(o.fields().get("remark")));
    }

    @Test
    void aChangeCommittedLateBehindTheCursorIsPickedUpWithinTheOverlap() {
        Instant now = Instant.now();
        JushuitanDataset d = new JushuitanDataset(79_500_000L, 200, 10, now);
        String account = connect("late", d, now.minus(Duration.ofDays(11)));
        awaitTables(Duration.ofSeconds(60)).untilAsserted(() -> assertLoaded(account, d));

        // a long transaction takes its row version now; newer changes commit and are read past it meanwhile
        Instant began = Instant.now();
        JushuitanDataset.Item late = d.commitLate(17, began, Duration.ofDays(1));
        List<JushuitanDataset.Item> newer = d.touchOrders(20, Instant.now(), 99);
        assertThat(newer).allSatisfy(o -> assertThat(o.ts()).isGreaterThan(late.ts()));
        await().atMost(Duration.ofSeconds(30)).until(() -> newer.stream()
                .allMatch(o -> o.fields().get("modified").equals(loadedModified(account, o.id()))));

        d.commitNow(17); // it commits behind the cursor, within the overlap (10 s in the tests)
        assertThat(Duration.between(began, Instant.now())).as("committed within the overlap").isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> late.fields().get("modified").equals(loadedModified(account, late.id())));
        // its lines and the other tables of its batch load beside the order row
        awaitTables(Duration.ofSeconds(30)).untilAsserted(() -> assertLoaded(account, d));
    }
}
