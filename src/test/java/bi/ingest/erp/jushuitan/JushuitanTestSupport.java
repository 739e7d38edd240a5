package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;

import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.TestSandboxes;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
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

    protected void assertLoaded(String account, JushuitanDataset d) {
        assertRows("erp_order", "o_id", account, d.all("orders"));
        long items = d.all("orders").stream().mapToLong(o -> ((List<?>) o.fields().get("items")).size()).sum();
        assertThat(STREAMLOAD.table("erp_order_item").count("account", account)).as("items").isEqualTo(items);
        assertRows("erp_refund", "as_id", account, d.all("refunds"));
        assertThat(STREAMLOAD.table("erp_refund_item").count("account", account)).isEqualTo(d.all("refunds").size());
        assertThat(STREAMLOAD.table("erp_sku").count("account", account)).isEqualTo(d.all("skus").size());
        assertThat(STREAMLOAD.table("erp_inventory").count("account", account)).isEqualTo(d.all("inventory").size());
        assertThat(STREAMLOAD.table("erp_shop").count("account", account)).isEqualTo(d.all("shops").size());
    }

    /** Exactly one row per record, each at the record's latest version (modified, and the order status). */
    protected void assertRows(String table, String idColumn, String account, List<JushuitanDataset.Item> expected) {
        Map<Long, Map<String, Object>> rows = STREAMLOAD.table(table).rows(r -> account.equals(r.get("account"))).stream()
                .collect(Collectors.toMap(r -> (Long) r.get(idColumn), r -> r));
        assertThat(rows).as("%s rows of %s", table, account).hasSize(expected.size());
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
