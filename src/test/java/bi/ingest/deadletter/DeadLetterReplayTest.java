package bi.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.erp.leke.LekeProperties;
import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.TestSandboxes;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Dead letters through the admin API: a record parked by a mapper "bug" (a limit set too low) is listed with its
 * reason and origin, replayed after the fix and loaded once; a replay of the same record adds nothing; a record that
 * is still bad goes back to the DLQ once with its reason; viewers may look, only admins may replay.
 */
class DeadLetterReplayTest extends LoadPathTestSupport {

    private static final String DLQ = LekeFeed.ORDERS + ".dlq";
    private static final Duration LOADED = Duration.ofSeconds(60);
    private static final LekeFeed LEKE = new LekeFeed(KAFKA);

    @LocalServerPort
    int port;

    @Autowired
    LekeProperties leke;

    @Autowired
    MeterRegistry meters;

    @Test
    void aRecordParkedByAMapperBugIsReplayedAfterTheFixAndLoadedOnce() {
        String tenant = account("dlq-replay");
        AdminClient admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
        AdminClient viewer = new AdminClient(port, TestSandboxes.VIEWER_USER, TestSandboxes.VIEWER_PASSWORD);
        int limit = leke.getMaxLinesPerOrder();
        Instant before = Instant.now().minusSeconds(1);
        List<String> ids;
        try {
            leke.setMaxLinesPerOrder(3); // the "bug": orders of 4 lines are refused
            LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.created", tenant, "LK-R", "2026-11-24T10:00:00+08:00", "PAID", 4, 1));
            Map<String, Object> stillBad = LekeFeed.order("order.created", tenant, "LK-BAD", "2026-11-24T10:00:00+08:00", "PAID", 1, 1);
            stillBad.put("schema_version", 9);
            LEKE.send(LekeFeed.ORDERS, stillBad);
            LEKE.flush();
            await().atMost(LOADED).until(() -> parked(viewer, tenant).size() == 2);
        } finally {
            leke.setMaxLinesPerOrder(limit); // the fix, by configuration
        }

        List<JsonNode> parked = parked(viewer, tenant);
        JsonNode bug = parked.stream().filter(p -> p.path("value").asText().contains("LK-R")).findFirst().orElseThrow();
        assertThat(bug.get("stage").asText()).isEqualTo("normalize");
        assertThat(bug.get("errorClass").asText()).isEqualTo("InvalidRecordException");
        assertThat(bug.get("reason").asText()).isEqualTo("order has 4 lines, more than bi.leke.max-lines-per-order=3");
        assertThat(bug.get("originTopic").asText()).isEqualTo(LekeFeed.ORDERS);
        assertThat(bug.get("originOffset").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(Instant.parse(bug.get("parkedAt").asText())).isAfter(before);
        assertThat(absent(bug.path("replayed"))).isTrue();
        assertThat(bug.path("headers").has("bi-dlq-reason")).as("dead-letter headers are fields, not headers").isFalse();
        assertThat(bug.path("headers").isObject()).isTrue();
        // without payload=true a page shows no key, value or headers
        JsonNode page = viewer.get("/admin/dead-letters/" + LekeFeed.ORDERS + "?reason=more%20than&limit=500").json();
        assertThat(page.get("records")).isNotEmpty().allSatisfy(r -> assertThat(absent(r.path("value"))).isTrue());
        assertThat(viewer.get("/admin/dead-letters").json()).anySatisfy(t -> assertThat(t.get("topic").asText()).isEqualTo(DLQ));
        ids = parked.stream().map(p -> p.get("id").asText()).toList();

        String request = "{\"records\": [\"" + String.join("\", \"", ids) + "\"]}";
        assertThat(viewer.call("POST", "/admin/dead-letters/" + DLQ + "/replay", request).status()).isEqualTo(403);
        double replayedBefore = replayedCount();
        JsonNode replayed = admin.call("POST", "/admin/dead-letters/" + DLQ + "/replay", request).json();
        assertThat(replayed.get("replayed")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(replayed.get("by").asText()).isEqualTo(TestSandboxes.ADMIN_USER);

        // the fixed record is loaded once; the one still bad is parked again, once, with its reason
        await().atMost(LOADED).until(() -> rows("erp_order_item", tenant) == 4);
        await().atMost(LOADED).until(() -> replaysParked(tenant).size() == 1);
        ConsumerRecord<String, byte[]> again = replaysParked(tenant).get(0);
        assertThat(header(again, "bi-dlq-reason")).isEqualTo("unknown schema_version 9 of order.created (this build reads version 1)");
        assertThat(header(again, "bi-replay-of")).startsWith(DLQ + "/");
        assertThat(committed("erp_order", tenant)).isEqualTo(1);
        assertThat(replayedCount() - replayedBefore).isEqualTo(2);
        assertThat(parked(viewer, tenant)).filteredOn(p -> ids.contains(p.get("id").asText()))
                .allSatisfy(p -> assertThat(p.get("replayed").get("by").asText()).isEqualTo(TestSandboxes.ADMIN_USER));

        // a second replay of the same records sends nothing
        JsonNode second = admin.call("POST", "/admin/dead-letters/" + DLQ + "/replay", request).json();
        assertThat(second.get("replayed")).isEmpty();
        assertThat(second.get("alreadyReplayed")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(ids);
        // a newer version sent after it on the same partition is loaded: had the replay sent anything, it would be too
        LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.updated", tenant, "LK-R", "2026-11-24T11:00:00+08:00", "SHIPPED", 2, 1));
        LEKE.flush();
        // each table of a batch is its own load; the offsets are committed after the last
        await().atMost(LOADED).until(() -> committed("erp_order", tenant) == 2
                && KAFKA.fullyCommitted(GROUP_PREFIX + ".leke", LekeFeed.ORDERS));
        assertThat(committed("erp_order_item", tenant)).isEqualTo(4 + 2);
        assertThat(replaysParked(tenant)).hasSize(1);
    }

    @Test
    void aReplayMustSayWhatToReplayAndAnUnknownTopicIsNotFound() {
        AdminClient admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
        AdminClient.Answer empty = admin.call("POST", "/admin/dead-letters/" + DLQ + "/replay", "{}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("error").asText()).contains("say what to replay");
        assertThat(admin.get("/admin/dead-letters/no.such.topic").status()).isEqualTo(404);
        assertThat(admin.get("/admin/dead-letters/" + DLQ + "?after=x").status()).isEqualTo(400);
    }

    /** The tenant's parked records as the API lists them, with payloads, following every page. */
    private static List<JsonNode> parked(AdminClient client, String tenant) {
        List<JsonNode> out = new ArrayList<>();
        String after = "";
        do {
            AdminClient.Answer a = client.get("/admin/dead-letters/" + DLQ + "?payload=true&limit=20" + (after.isEmpty() ? "" : "&after=" + after));
            if (a.status() == 404) {
                return out; // no dead letter yet
            }
            JsonNode page = a.json();
            page.get("records").forEach(r -> {
                if (r.path("value").asText().contains(tenant) && absent(r.path("replayOf"))) {
                    out.add(r);
                }
            });
            after = absent(page.path("next")) ? "" : page.path("next").asText();
        } while (!after.isEmpty());
        return out;
    }

    private static boolean absent(JsonNode n) {
        return n.isNull() || n.isMissingNode();
    }

    private static List<ConsumerRecord<String, byte[]>> replaysParked(String tenant) {
        return KAFKA.readAll(DLQ).stream().filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(tenant))
                .filter(r -> r.headers().lastHeader("bi-replay-of") != null).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private double replayedCount() {
        var c = meters.find("bi.dlq.replayed").tag("topic", DLQ).counter();
        return c == null ? 0 : c.count();
    }

    private static long rows(String table, String account) {
        return STREAMLOAD.table(table).rowsOf(account).size();
    }

    private static long committed(String table, String account) {
        return STREAMLOAD.table(table).committedOf(account);
    }
}
