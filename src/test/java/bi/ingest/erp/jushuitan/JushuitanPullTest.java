package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.account.TokenStore;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.JushuitanSandbox;
import bi.ingest.sandbox.SandboxTable;
import bi.ingest.sandbox.TestSandboxes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Jushuitan accounts pulled through the real service: admin API, authorization through the sandbox's page and the
 * service's callback, Quartz-triggered pulls, Kafka, the load path and the Stream Load sandbox.
 */
@ExtendWith(OutputCaptureExtension.class)
class JushuitanPullTest extends JushuitanTestSupport {

    @Autowired
    TokenStore tokens;

    @Test
    void twoAccountsPullEveryOrderItemAndRefundExactlyOnceAtItsLatestVersion(CapturedOutput output) {
        Instant now = Instant.now();
        int limitedBefore = rateLimitAnswers();
        Map<String, JushuitanDataset> data = new LinkedHashMap<>();
        data.put(connect("e2e-a", new JushuitanDataset(71_000_000L, 2500, 90, now), now.minus(Duration.ofDays(91))), null);
        data.put(connect("e2e-b", new JushuitanDataset(72_000_000L, 2500, 90, now), now.minus(Duration.ofDays(91))), null);
        data.replaceAll((account, none) -> JUSHUITAN.app(appKey(account)).data);

        data.forEach((account, d) -> awaitTables(Duration.ofSeconds(150)).untilAsserted(() -> assertLoaded(account, d)));

        // the ERP changes 100 orders of each account: their newest versions replace the old rows
        Map<String, Integer> touched = new HashMap<>();
        data.forEach((account, d) -> touched.put(account, d.touchOrders(100, Instant.now(), 7).size()));
        data.forEach((account, d) -> awaitTables(Duration.ofSeconds(60)).untilAsserted(() -> assertLoaded(account, d)));

        data.forEach((account, d) -> {
            // every order version once in the raw events: overlapping windows pulled many twice, none was loaded twice
            long rawOrders = STREAMLOAD.table("erp_raw_event").committed(r -> account.equals(r.get("account"))
                    && "orders".equals(r.get("entity")));
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

        awaitTables(Duration.ofSeconds(90)).untilAsserted(() -> assertLoaded(account, app.data));
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
        String account = connect("slow", new JushuitanDataset(74_000_000L, 400, 30, now), now.minus(Duration.ofDays(31)));

        awaitTables(Duration.ofSeconds(120)).untilAsserted(() -> assertLoaded(account, JUSHUITAN.app(appKey(account)).data));
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
        awaitTables(Duration.ofSeconds(60)).untilAsserted(() -> assertLoaded(account, JUSHUITAN.app(appKey(account)).data));
        JUSHUITAN.refuseRefresh(appKey(account), true);
        JUSHUITAN.expireAccessToken(appKey(account));

        await().atMost(Duration.ofSeconds(30)).until(() -> "NEEDS_REAUTHORIZATION".equals(
                admin().call("GET", "/admin/accounts/" + account, null).json().path("tokenState").asText()));
        AdminClient.Answer health = new AdminClient(port, TestSandboxes.VIEWER_USER, TestSandboxes.VIEWER_PASSWORD)
                .call("GET", "/actuator/health", null);
        assertThat(health.json().at("/components/erpAccounts/status").asText()).isEqualTo("DOWN");
        assertThat(health.json().at("/components/erpAccounts/details/needsReauthorization").has(account)).isTrue();
        int refusals = JUSHUITAN.answers(JushuitanSandbox.REFRESH_REFUSED);
        int tokenErrors = JUSHUITAN.answers(JushuitanSandbox.TOKEN);
        // throughout several triggers: no retry storm, not one more refused refresh or token error
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> JUSHUITAN.answers(JushuitanSandbox.REFRESH_REFUSED) == refusals
                        && JUSHUITAN.answers(JushuitanSandbox.TOKEN) == tokenErrors);

        // the merchant authorizes again: pulls resume
        JUSHUITAN.refuseRefresh(appKey(account), false);
        authorize(account);
        JUSHUITAN.app(appKey(account)).data.touchOrders(3, Instant.now(), 5);
        awaitTables(Duration.ofSeconds(30)).untilAsserted(() -> assertLoaded(account, JUSHUITAN.app(appKey(account)).data));
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

        awaitTables(Duration.ofSeconds(60)).untilAsserted(() -> assertRows("erp_order", "o_id", account, ofShop));
        assertThat(ofShop.size()).isLessThan(d.all("orders").size());
        await().atMost(Duration.ofSeconds(30)).until(() -> STREAMLOAD.table("erp_sku").count("account", account)
                == d.all("skus").size()); // SKUs are the company's, not a shop's
        assertNoSecretIn(output);
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(String account) {
        return KAFKA.readAll(DLQ).stream().filter(r -> account.equals(header(r, "bi-account"))).toList();
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
