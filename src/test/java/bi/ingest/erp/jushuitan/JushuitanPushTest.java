package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.JushuitanDataset;
import bi.ingest.sandbox.TestSandboxes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Pushes as specs/jushuitan.md describes them, sent over HTTP to the running service. */
class JushuitanPushTest extends LoadPathTestSupport {

    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void aSignedPushIsPublishedOnceAndLoaded() throws Exception {
        String account = account("push");
        String secret = createAccount(account);
        List<JushuitanDataset.Item> orders = new JushuitanDataset(77_000_000L, 3, 2, Instant.now()).all("orders");
        String biz = json.writeValueAsString(orders.stream().map(JushuitanDataset.Item::fields).toList());

        JsonNode answer = push(account, "orders", signed(secret, biz, Instant.now()));
        assertThat(answer.path("code").asInt()).isZero();
        assertThat(answer.path("msg").asText()).isEqualTo("执行成功");
        await().atMost(Duration.ofSeconds(30)).until(() -> STREAMLOAD.table("erp_order").count("account", account) == 3);

        // the platform sends the same push again: answered, not published twice
        assertThat(push(account, "orders", signed(secret, biz, Instant.now())).path("code").asInt()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        assertThat(STREAMLOAD.table("erp_raw_event").committedOf(account)).isEqualTo(3);
        assertThat(STREAMLOAD.table("erp_order").rowsOf(account).stream()
                .map(r -> r.get("o_id")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(orders.stream().map(JushuitanDataset.Item::id).toList());
    }

    @Test
    void forgedStaleOrMalformedPushesAreRefusedWithThePlatformsCodes() throws Exception {
        String account = account("push-bad");
        String secret = createAccount(account);
        String biz = "{\"as_id\":1,\"modified\":\"2026-11-20 10:00:00\"}";

        assertThat(push(account, "refunds", signed("wrong-secret", biz, Instant.now())).path("code").asInt()).isEqualTo(10);
        assertThat(push("no-such-account", "refunds", signed(secret, biz, Instant.now())).path("code").asInt()).isEqualTo(10);
        JsonNode stale = push(account, "refunds", signed(secret, biz, Instant.now().minus(Duration.ofHours(1))));
        assertThat(stale.path("code").asInt()).isEqualTo(140);
        assertThat(stale.path("msg").asText()).contains("timestamp");
        assertThat(push(account, "refunds", signed(secret, "not json", Instant.now())).path("msg").asText()).contains("biz");
        assertThat(push(account, "skus", signed(secret, biz, Instant.now())).path("code").asInt()).isEqualTo(140);
        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isZero();
    }

    private String createAccount(String id) {
        String secret = "push-secret-" + UUID.randomUUID();
        AdminClient admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
        assertThat(admin.call("POST", "/admin/accounts", "{\"id\":\"" + id + "\",\"name\":\"n\",\"appKey\":\"k-" + id
                + "\",\"appSecret\":\"" + secret + "\",\"enabled\":false}").status()).isEqualTo(201);
        // enabled for pushes, but never pulled: it has no token
        admin.call("PUT", "/admin/accounts/" + id, "{\"enabled\":true}");
        return secret;
    }

    private static Map<String, String> signed(String secret, String biz, Instant at) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("biz", biz);
        form.put("timestamp", Long.toString(at.getEpochSecond()));
        form.put("action_code", "order_change");
        form.put("sign", JushuitanSigner.sign(secret, form));
        return form;
    }

    private JsonNode push(String account, String entity, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/erp/jushuitan/push/" + account + "/" + entity))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }
}
