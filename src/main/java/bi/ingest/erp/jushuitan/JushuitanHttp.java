package bi.ingest.erp.jushuitan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Signed form POSTs to the open platform and its envelope; nothing about tokens or retries. */
public class JushuitanHttp {

    private final HttpClient http;
    private final JushuitanProperties props;
    private final ObjectReader json;
    private final Clock clock;

    public JushuitanHttp(JushuitanProperties props, ObjectMapper mapper, Clock clock) {
        this.props = props;
        this.clock = clock;
        // amounts stay exact BigDecimals through the tree: records are re-serialized onto Kafka from it
        this.json = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true));
        this.http = HttpClient.newBuilder().connectTimeout(props.getConnectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Adds app_key, timestamp, charset and sign to {@code params} and posts them to {@code path}. */
    public JushuitanAnswer post(String path, String appKey, String appSecret, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.put("app_key", appKey);
        form.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
        form.put("charset", "utf-8");
        form.put("sign", JushuitanSigner.sign(appSecret, form));
        HttpRequest request = HttpRequest.newBuilder(URI.create(props.getApiUrl() + path))
                .timeout(props.getRequestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form), StandardCharsets.UTF_8))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new JushuitanUnavailableException(path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JushuitanUnavailableException(path + ": interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new JushuitanUnavailableException(path + ": HTTP " + response.statusCode(), null);
        }
        return envelope(path, response.body());
    }

    /** The authorization page's URL, signed like any call. */
    public String authorizeUrl(String appKey, String appSecret, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("app_key", appKey);
        params.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
        params.put("charset", "utf-8");
        params.put("state", state);
        params.put("sign", JushuitanSigner.sign(appSecret, params));
        return props.getAuthorizeUrl() + "?" + encode(params);
    }

    private JushuitanAnswer envelope(String path, byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            JsonNode code = root == null ? null : root.get("code");
            if (code == null || !(code.canConvertToInt() || code.asText().matches("-?\\d+"))) {
                throw new JushuitanUnavailableException(path + ": answer without a numeric code", null);
            }
            return new JushuitanAnswer(code.asInt(), root.path("msg").asText(""), root.path("data"));
        } catch (IOException e) {
            throw new JushuitanUnavailableException(path + ": unreadable answer: " + e.getMessage(), e);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
