package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.TestSandboxes;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service with Jushuitan accounts in the sandbox: accounts created and authorized through the admin API and the
 * sandbox's authorization page, assertions on the Stream Load sandbox's tables, and log checks for secrets.
 */
public abstract class JushuitanTestSupport extends LoadPathTestSupport {

    @LocalServerPort
    protected int port;

    protected final List<String> accounts = new ArrayList<>();
    protected final List<String> secrets = new ArrayList<>();

    /** The sandbox enforces what the service is configured for (LoadPathTestSupport: 5 per second, 600 per minute). */
    @BeforeEach
    void configuredRate() {
        JUSHUITAN.setRateLimit(5, 600);
    }

    @AfterEach
    void disableAccounts() {
        accounts.forEach(id -> admin().call("DELETE", "/admin/accounts/" + id, null));
        JUSHUITAN.setRateLimit(5, 600);
    }

    protected String connect(String name, JushuitanDataset data, Instant pullFrom) {
        return connect(name, data, pullFrom, List.of());
    }

    /** Registers an app in the sandbox, creates the account through the admin API and authorizes it. */
    protected String connect(String name, JushuitanDataset data, Instant pullFrom, List<String> shops) {
        String id = account(name);
        String secret = "secret-" + UUID.randomUUID();
        secrets.add(secret);
        JUSHUITAN.registerApp(appKey(id), secret, false, "http://127.0.0.1:" + port + "/erp/jushuitan/callback", data);
        AdminClient.Answer created = admin().call("POST", "/admin/accounts", "{\"id\":\"" + id + "\",\"name\":\"" + name
                + "\",\"appKey\":\"" + appKey(id) + "\",\"appSecret\":\"" + secret + "\",\"pullFrom\":\"" + pullFrom
                + "\",\"shops\":[" + shops.stream().map(x -> "\"" + x + "\"").collect(Collectors.joining(",")) + "]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        accounts.add(id);
        authorize(id);
        return id;
    }

    protected void authorize(String id) {
        AdminClient.Answer started = admin().call("POST", "/admin/accounts/" + id + "/authorize", null);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        AdminClient.Answer callback = admin().followAuthorization(started.json().path("authorizeUrl").asText());
        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(callback.json().path("status").asText()).isEqualTo("authorized");
    }

    /** An await for the table assertions below, polling twice a second: each poll reads whole sandbox tables. */
    protected static ConditionFactory awaitTables(Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(500));
    }

    protected void assertLoaded(String account, JushuitanDataset d) {
        assertOrdersAndRefundsLoaded(account, d);
        assertThat(STREAMLOAD.table("erp_sku").count("account", account)).isEqualTo(d.all("skus").size());
        assertThat(STREAMLOAD.table("erp_inventory").count("account", account)).isEqualTo(d.all("inventory").size());
        assertThat(STREAMLOAD.table("erp_shop").count("account", account)).isEqualTo(d.all("shops").size());
    }

    /** Every order and refund with its lines, each once and at its latest version. */
    protected void assertOrdersAndRefundsLoaded(String account, JushuitanDataset d) {
        List<JushuitanDataset.Item> orders = d.all("orders");
        assertRows("erp_order", "o_id", account, orders);
        long items = orders.stream().mapToLong(o -> ((List<?>) o.fields().get("items")).size()).sum();
        assertThat(STREAMLOAD.table("erp_order_item").count("account", account)).as("items").isEqualTo(items);
        List<JushuitanDataset.Item> refunds = d.all("refunds");
        assertRows("erp_refund", "as_id", account, refunds);
        assertThat(STREAMLOAD.table("erp_refund_item").count("account", account)).isEqualTo(refunds.size());
    }

    /** Exactly one row per record, each at the record's latest version (modified, and the order status). */
    protected void assertRows(String table, String idColumn, String account, List<JushuitanDataset.Item> expected) {
        Map<Long, Map<String, Object>> rows = STREAMLOAD.table(table).rowsOf(account).stream()
                .collect(Collectors.toMap(r -> (Long) r.get(idColumn), r -> r));
        // the sizes alone: a failed hasSize on the map would render every row into its message, on every poll
        assertThat(rows.size()).as("%s rows of %s", table, account).isEqualTo(expected.size());
        for (JushuitanDataset.Item i : expected) {
            Map<String, Object> row = rows.get(i.id());
            assertThat(row).as("%s %s", table, i.id()).isNotNull();
            assertThat(row.get("modified")).as("%s %s modified", table, i.id()).isEqualTo(i.fields().get("modified"));
            if (i.fields().containsKey("status")) {
                assertThat(row.get("status")).isEqualTo(i.fields().get("status"));
            }
            if (i.fields().get("pay_amount") instanceof BigDecimal amount) {
                assertThat((BigDecimal) row.get("pay_amount")).isEqualByComparingTo(amount);
            }
        }
    }

    /** The modified time of order {@code oId}'s row in the Stream Load sandbox, or null when it has none. */
    protected Object loadedModified(String account, long oId) {
        return STREAMLOAD.table("erp_order").rowsOf(account, r -> Long.valueOf(oId).equals(r.get("o_id")))
                .stream().findFirst().map(r -> r.get("modified")).orElse(null);
    }

    /** Starts a backfill through the admin API; returns its id. */
    protected String startBackfill(String account, String entity, String from, String to) {
        AdminClient.Answer answer = admin().call("POST", "/admin/backfills", backfillBody(account, entity, from, to));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().path("id").asText();
    }

    protected JsonNode job(String id) {
        return admin().call("GET", "/admin/backfills/" + id, null).json();
    }

    protected String status(String id) {
        return job(id).path("status").asText();
    }

    protected static String backfillBody(String account, String entity, String from, String to) {
        return "{\"account\":\"" + account + "\",\"entity\":\"" + entity + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}";
    }

    protected int rateLimitAnswers() {
        return JUSHUITAN.answers(JushuitanSandbox.PER_SECOND) + JUSHUITAN.answers(JushuitanSandbox.PER_MINUTE);
    }

    protected static String appKey(String account) {
        return "app-" + account;
    }

    protected AdminClient admin() {
        return new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
    }

    protected void assertNoSecretIn(CapturedOutput output) {
        String logs = output.getAll();
        assertThat(logs).isNotEmpty();
        for (String s : secrets) {
            assertThat(logs).as("an app secret in the logs").doesNotContain(s);
        }
        for (String t : JUSHUITAN.issuedTokens) {
            assertThat(logs).as("a token in the logs").doesNotContain(t);
        }
        assertThat(logs).doesNotContain(TestSandboxes.ADMIN_PASSWORD);
    }
}
