package bi.ingest.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bi.ingest.erp.jushuitan.JushuitanSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Jushuitan sandbox answers like specs/jushuitan.md says the platform does (a fixture others rely on). */
class JushuitanSandboxProtocolTest {

    private static final String SECRET = "protocol-secret";
    private static JushuitanSandbox erp;
    private static String appKey;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        erp = JushuitanSandbox.start();
        erp.setRateLimit(100, 6000); // this test calls as fast as it can; the limit test lowers it
        appKey = "protocol-" + UUID.randomUUID();
        erp.registerApp(appKey, SECRET, false, "http://127.0.0.1:9/cb", new JushuitanDataset(5_000_000L, 250, 30, Instant.now()));
    }

    @AfterAll
    static void stop() {
        erp.close();
    }

    @Test
    void aBadSignatureIsCode10AndAStaleTimestampCode140() throws Exception {
        Map<String, String> form = signed(Map.of("grant_type", "authorization_code", "code", "x"), SECRET, now());
        form.put("sign", "0".repeat(32));
        assertThat(post("/openWeb/auth/accessToken", form).path("code").asInt()).isEqualTo(10);
        Map<String, String> stale = signed(Map.of("grant_type", "authorization_code", "code", "x"), SECRET, now() - 3600);
        assertThat(post("/openWeb/auth/accessToken", stale).path("code").asInt()).isEqualTo(140);
    }

    @Test
    void tokensExpireAndRefreshTokensRotate() throws Exception {
        String[] tokens = authorize();
        JsonNode page = query("/open/orders/single/query", tokens[0], window("2026-11-01 00:00:00", "2026-11-07 00:00:00", 1, 100));
        assertThat(page.path("code").asInt()).isZero();

        erp.expireAccessToken(appKey);
        assertThat(query("/open/orders/single/query", tokens[0], window("2026-11-01 00:00:00", "2026-11-07 00:00:00", 1, 100))
                .path("code").asInt()).isEqualTo(100);
        JsonNode refreshed = post("/openWeb/auth/refreshToken", signed(Map.of("grant_type", "refresh_token",
                "refresh_token", tokens[1], "scope", "all"), SECRET, now()));
        assertThat(refreshed.path("code").asInt()).isZero();
        assertThat(post("/openWeb/auth/refreshToken", signed(Map.of("grant_type", "refresh_token",
                "refresh_token", tokens[1], "scope", "all"), SECRET, now())).path("code").asInt())
                .as("the old refresh token stopped working").isNotZero();
    }

    @Test
    void windowsLongerThanSevenDaysAndPagesOverTheCapAreRefused() throws Exception {
        String access = authorize()[0];
        assertThat(query("/open/orders/single/query", access, window("2026-11-01 00:00:00", "2026-11-08 00:00:01", 1, 100))
                .path("code").asInt()).isEqualTo(140);
        assertThat(query("/open/refund/single/query", access, window("2026-11-01 00:00:00", "2026-11-02 00:00:00", 1, 51))
                .path("code").asInt()).isEqualTo(140);
        assertThat(query("/open/orders/single/query", access, "{\"page_index\":1,\"page_size\":10}").path("code").asInt())
                .as("a window is required").isEqualTo(140);
    }

    @Test
    void pagesEndWithHasNextFalseAndCoverTheWindowOnce() throws Exception {
        String access = authorize()[0];
        String begin = JushuitanDataset.TIME.format(Instant.now().minusSeconds(6 * 86400));
        String end = JushuitanDataset.TIME.format(Instant.now());
        int seen = 0;
        for (int page = 1; ; page++) {
            JsonNode data = query("/open/orders/single/query", access, window(begin, end, page, 20)).path("data");
            seen += data.path("orders").size();
            if (!data.path("has_next").asBoolean()) {
                assertThat(seen).isEqualTo(data.path("data_count").asInt());
                break;
            }
        }
        assertThat(seen).isPositive();
    }

    @Test
    void callsBeyondTheLimitPerSecondAreCode199() throws Exception {
        String access = authorize()[0];
        erp.setRateLimit(2, 100);
        try {
            int limited = 0;
            for (int i = 0; i < 4; i++) {
                if (query("/open/shops/query", access, "{\"page_index\":1,\"page_size\":10}").path("code").asInt() == 199) {
                    limited++;
                }
            }
            assertThat(limited).isGreaterThanOrEqualTo(1);
        } finally {
            erp.setRateLimit(100, 6000);
        }
    }

    /** Authorization page → code → tokens; returns {access, refresh}. */
    private String[] authorize() throws Exception {
        Map<String, String> q = signed(Map.of("state", "s1"), SECRET, now());
        HttpResponse<Void> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(erp.authorizeUrl() + "?"
                + encode(q))).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(page.statusCode()).isEqualTo(302);
        String location = page.headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        JsonNode tokens = post("/openWeb/auth/accessToken", signed(Map.of("grant_type", "authorization_code", "code", code), SECRET, now()));
        assertThat(tokens.path("code").asInt()).as(tokens.toString()).isZero();
        assertThat(post("/openWeb/auth/accessToken", signed(Map.of("grant_type", "authorization_code", "code", code), SECRET, now()))
                .path("code").asInt()).as("a code is used once").isNotZero();
        return new String[] {tokens.at("/data/access_token").asText(), tokens.at("/data/refresh_token").asText()};
    }

    private JsonNode query(String path, String access, String biz) throws Exception {
        return post(path, signed(Map.of("access_token", access, "version", "2", "biz", biz), SECRET, now()));
    }

    private static String window(String begin, String end, int page, int size) {
        return "{\"page_index\":" + page + ",\"page_size\":" + size + ",\"modified_begin\":\"" + begin
                + "\",\"modified_end\":\"" + end + "\"}";
    }

    private static Map<String, String> signed(Map<String, String> params, String secret, long timestamp) {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.put("app_key", appKey);
        form.put("timestamp", Long.toString(timestamp));
        form.put("charset", "utf-8");
        form.put("sign", JushuitanSigner.sign(secret, form));
        return form;
    }

    private JsonNode post(String path, Map<String, String> form) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(erp.apiUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body());
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
