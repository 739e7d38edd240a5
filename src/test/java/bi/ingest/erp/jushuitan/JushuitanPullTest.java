package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.account.TokenStore;
import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.SandboxTable;
import bi.ingest.sandbox.TestSandboxes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Jushuitan accounts pulled through the real service: admin API, authorization through the sandbox's page and the
 * service's callback, Quartz-triggered pulls, Kafka, the load path and the Stream Load sandbox.
 */
@ExtendWith(OutputCaptureExtension.class)
class JushuitanPullTest extends LoadPathTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    TokenStore tokens;

    private final List<String> accounts = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();

    @AfterEach
    void disableAccounts() {
        accounts.forEach(id -> admin().call("DELETE", "/admin/accounts/" + id, null));
        JUSHUITAN.setRateLimit(5, 600);
    }

    @Test
    void twoAccountsPullEveryOrderItemAndRefundExactlyOnceAtItsLatestVersion(CapturedOutput output) {
        Instant now = Instant.now();
        int limitedBefore = rateLimitAnswers();
        Map<String, JushuitanDataset> data = new LinkedHashMap<>();
        data.put(connect("e2e-a", new JushuitanDataset(71_000_000L, 2500, 90, now), now.minus(Duration.ofDays(91))), null);
        data.put(connect("e2e-b", new JushuitanDataset(72_000_000L, 2500, 90, now), now.minus(Duration.ofDays(91))), null);
        data.replaceAll((account, none) -> JUSHUITAN.app(appKey(account)).data);

        data.forEach((account, d) -> await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertLoaded(account, d)));

        // the ERP changes 100 orders of each account: their newest versions replace the old rows
        Map<String, Integer> touched = new HashMap<>();
        data.forEach((account, d) -> touched.put(account, d.touchOrders(100, Instant.now(), 7).size()));
        data.forEach((account, d) -> await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertLoaded(account, d)));

        data.forEach((account, d) -> {
            // every order version once in the raw events: overlapping windows pulled many twice, none was loaded twice
            long rawOrders = STREAMLOAD.table("erp_raw_event").rows(r -> account.equals(r.get("account"))
                    && "orders".equals(r.get("entity"))).size();
            assertThat(rawOrders).as("raw order events of %s", account).isEqualTo(2500 + touched.get(account));
        });
        assertThat(rateLimitAnswers() - limitedBefore).as("rate-limit answers at the configured rate").isZero();
        assertNoSecretIn(output);
    }

    @Test
    void aTokenExpiredInTheMiddleOfAPullIsRefreshedOnceAndThePullCompletes(CapturedOutput output) {
        Instant now = Instant.now();
        String account = connect("expiry", new JushuitanDataset(73_000_000L, 1500, 40, now), now.minus(Duration.ofDays(41)));
        JushuitanSandbox.App app = JUSHUITAN.app(appKey(account));
        SandboxTable orders = STREAMLOAD.table("erp_order");
        await().atMost(Duration.ofSeconds(60)).until(() -> orders.count("account", account) > 0);
        int tokenAnswersBefore = JUSHUITAN.answers(JushuitanSandbox.TOKEN);

        JUSHUITAN.expireAccessToken(appKey(account));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertLoaded(account, app.data));
        assertThat(JUSHUITAN.answers(JushuitanSandbox.TOKEN)).isGreaterThan(tokenAnswersBefore);
        assertThat(app.refreshes()).as("refreshes").isEqualTo(1);
        assertThat(tokens.token(account).orElseThrow().refreshToken()).as("the rotated refresh token is stored")
                .isEqualTo(app.refreshToken());
        assertNoSecretIn(output);
    }

    @Test
    void whenTheErpLowersItsRateLimitThePullBacksOffAndStillCompletes(CapturedOutput output) {
        Instant now = Instant.now();
        int perSecondBefore = JUSHUITAN.answers(JushuitanSandbox.PER_SECOND);
        JUSHUITAN.setRateLimit(2, 600); // below the configured 5 per second
        String account = connect("slow", new JushuitanDataset(74_000_000L, 800, 30, now), now.minus(Duration.ofDays(31)));

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertLoaded(account, JUSHUITAN.app(appKey(account)).data));
        assertThat(JUSHUITAN.answers(JushuitanSandbox.PER_SECOND)).as("the ERP did refuse some calls")
                .isGreaterThan(perSecondBefore);
        assertNoSecretIn(output);
    }

    @Test
    void badErpRecordsGoToTheDeadLetterTopicAndThePullIsNotStuck(CapturedOutput output) {
        Instant now = Instant.now();
        JushuitanDataset d = new JushuitanDataset(75_000_000L, 300, 20, now);
        Map<String, Object> noId = new LinkedHashMap<>(d.order(10).fields());
        noId.remove("o_id");
        Map<String, Object> badTime = new LinkedHashMap<>(d.order(11).fields());
        badTime.put("modified", "yesterday");
        Map<String, Object> badAmount = new LinkedHashMap<>(d.order(12).fields());
        badAmount.put("pay_amount", "12,5 yuan");
        Instant when = now.minus(Duration.ofDays(5));
        d.corruptOrder(10, when, noId);
        d.corruptOrder(11, when.plusSeconds(1), badTime);
        d.corruptOrder(12, when.plusSeconds(2), badAmount);
        String account = connect("bad", d, now.minus(Duration.ofDays(21)));

        SandboxTable orders = STREAMLOAD.table("erp_order");
        await().atMost(Duration.ofSeconds(90)).until(() -> orders.count("account", account) == 297);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(account).size() == 3);
        List<String> reasons = deadLetters(account).stream().map(r -> header(r, "bi-dlq-reason")).sorted().toList();
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("o_id"))
                .anySatisfy(r -> assertThat(r).contains("modified"))
                .anySatisfy(r -> assertThat(r).contains("pay_amount"));

        d.touchOrders(5, Instant.now(), 11); // the pull keeps going after the bad records
        await().atMost(Duration.ofSeconds(60)).until(() -> d.all("orders").stream()
                .filter(o -> o.fields().get("o_id") != null && !"yesterday".equals(o.fields().get("modified"))
                        && !"12,5 yuan".equals(o.fields().get("pay_amount")))
                .allMatch(o -> Objects.equals(loadedModified(account, o.id()), o.fields().get("modified"))));
        assertNoSecretIn(output);
    }

    @Test
    void theAdminApiNeedsCredentialsAndNeverShowsSecrets(CapturedOutput output) {
        AdminClient anonymous = new AdminClient(port, null, null);
        AdminClient wrong = new AdminClient(port, TestSandboxes.ADMIN_USER, "not-the-password");
        assertThat(anonymous.call("GET", "/admin/accounts", null).status()).isEqualTo(401);
        assertThat(wrong.call("GET", "/admin/accounts", null).status()).isEqualTo(401);
        assertThat(anonymous.call("POST", "/admin/accounts", "{}").status()).isEqualTo(401);

        String id = account("api");
        String secret = "s3cret-" + UUID.randomUUID();
        secrets.add(secret);
        AdminClient.Answer created = admin().call("POST", "/admin/accounts",
                "{\"id\":\"" + id + "\",\"name\":\"店铺\",\"appKey\":\"k-" + id + "\",\"appSecret\":\"" + secret + "\"}");
        accounts.add(id);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("tokenState").asText()).isEqualTo("PENDING");
        assertThat(created.body()).doesNotContain(secret);
        assertThat(admin().call("GET", "/admin/accounts", null).body()).contains(id).doesNotContain(secret);

        AdminClient.Answer missing = admin().call("POST", "/admin/accounts", "{\"id\":\"x1\",\"name\":\"n\",\"appSecret\":\"s\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").asText()).isEqualTo("appKey is required");
        assertThat(admin().call("POST", "/admin/accounts", "{\"id\":\"" + id + "\",\"name\":\"n\",\"appKey\":\"k\",\"appSecret\":\"s\"}")
                .json().path("error").asText()).contains("exists already");
        assertThat(admin().call("POST", "/admin/accounts", "{\"id\":\"x2\",\"name\":\"n\",\"appKey\":\"k\",\"appSecret\":\"s\",\"pullFrom\":\"last week\"}")
                .json().path("error").asText()).contains("pullFrom");
        assertThat(admin().call("GET", "/admin/accounts/nobody", null).status()).isEqualTo(404);

        AdminClient.Answer disabled = admin().call("DELETE", "/admin/accounts/" + id, null);
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(admin().call("PUT", "/admin/accounts/" + id, "{\"enabled\":true,\"name\":\"新名字\"}").json().path("name").asText())
                .isEqualTo("新名字");
        assertNoSecretIn(output);
    }

    @Test
    void aRefusedRefreshMarksTheAccountAndStopsItsPulls(CapturedOutput output) {
        Instant now = Instant.now();
        String account = connect("refused", new JushuitanDataset(76_000_000L, 100, 10, now), now.minus(Duration.ofDays(11)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertLoaded(account, JUSHUITAN.app(appKey(account)).data));
        JUSHUITAN.refuseRefresh(appKey(account), true);
        JUSHUITAN.expireAccessToken(appKey(account));

        await().atMost(Duration.ofSeconds(30)).until(() -> "NEEDS_REAUTHORIZATION".equals(
                admin().call("GET", "/admin/accounts/" + account, null).json().path("tokenState").asText()));
        AdminClient.Answer health = new AdminClient(port, null, null).call("GET", "/actuator/health", null);
        assertThat(health.json().at("/components/erpAccounts/status").asText()).isEqualTo("DOWN");
        assertThat(health.json().at("/components/erpAccounts/details/needsReauthorization").has(account)).isTrue();
        int refusals = JUSHUITAN.answers(JushuitanSandbox.REFRESH_REFUSED);
        int tokenErrors = JUSHUITAN.answers(JushuitanSandbox.TOKEN);
        // several triggers later: no retry storm, not one more call for this account
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
        assertThat(JUSHUITAN.answers(JushuitanSandbox.REFRESH_REFUSED)).isEqualTo(refusals);
        assertThat(JUSHUITAN.answers(JushuitanSandbox.TOKEN)).isEqualTo(tokenErrors);

        // the merchant authorizes again: pulls resume
        JUSHUITAN.refuseRefresh(appKey(account), false);
        authorize(account);
        JUSHUITAN.app(appKey(account)).data.touchOrders(3, Instant.now(), 5);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertLoaded(account, JUSHUITAN.app(appKey(account)).data));
        assertNoSecretIn(output);
    }

    @Test
    void anAccountThatListsShopsGetsOnlyTheirOrders(CapturedOutput output) {
        Instant now = Instant.now();
        JushuitanDataset d = new JushuitanDataset(78_000_000L, 300, 10, now);
        long shop = ((Number) d.order(0).fields().get("shop_id")).longValue();
        String account = connect("one-shop", d, now.minus(Duration.ofDays(11)), List.of(Long.toString(shop)));
        List<JushuitanDataset.Item> ofShop = d.all("orders").stream()
                .filter(o -> ((Number) o.fields().get("shop_id")).longValue() == shop).toList();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertRows("erp_order", "o_id", account, ofShop));
        assertThat(ofShop.size()).isLessThan(d.all("orders").size());
        await().atMost(Duration.ofSeconds(30)).until(() -> STREAMLOAD.table("erp_sku").count("account", account)
                == d.all("skus").size()); // SKUs are the company's, not a shop's
        assertNoSecretIn(output);
    }

    private String connect(String name, JushuitanDataset data, Instant pullFrom) {
        return connect(name, data, pullFrom, List.of());
    }

    /** Registers an app in the sandbox, creates the account through the admin API and authorizes it. */
    private String connect(String name, JushuitanDataset data, Instant pullFrom, List<String> shops) {
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

    private void authorize(String id) {
        AdminClient.Answer started = admin().call("POST", "/admin/accounts/" + id + "/authorize", null);
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        AdminClient.Answer callback = admin().followAuthorization(started.json().path("authorizeUrl").asText());
        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(callback.json().path("status").asText()).isEqualTo("authorized");
    }

    private void assertLoaded(String account, JushuitanDataset d) {
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
    private void assertRows(String table, String idColumn, String account, List<JushuitanDataset.Item> expected) {
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

    private Object loadedModified(String account, long oId) {
        return STREAMLOAD.table("erp_order").rows(r -> account.equals(r.get("account")) && Long.valueOf(oId).equals(r.get("o_id")))
                .stream().findFirst().map(r -> r.get("modified")).orElse(null);
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(String account) {
        return KAFKA.readAll(DLQ).stream().filter(r -> account.equals(header(r, "bi-account"))).toList();
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private int rateLimitAnswers() {
        return JUSHUITAN.answers(JushuitanSandbox.PER_SECOND) + JUSHUITAN.answers(JushuitanSandbox.PER_MINUTE);
    }

    private static String appKey(String account) {
        return "app-" + account;
    }

    private AdminClient admin() {
        return new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
    }

    private void assertNoSecretIn(CapturedOutput output) {
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
