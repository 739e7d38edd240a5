package bi.ingest.erp.jushuitan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/**
 * Signed form POSTs to the open platform and its envelope; nothing about tokens or retries. The HTTP call itself is
 * Camel's: {@code endpoint} is the route {@code direct:jushuitan-api} (routes/jushuitan-api.yaml) in the service.
 */
public class JushuitanHttp {

    private final JushuitanProperties props;
    private final ObjectReader json;
    private final Clock clock;
    private final ProducerTemplate camel;
    private final String endpoint;

    /** @param endpoint where the form goes: an HTTP endpoint at the API's base URL, or a route that sends it there */
    public JushuitanHttp(JushuitanProperties props, ObjectMapper mapper, Clock clock, ProducerTemplate camel, String endpoint) {
        this.props = props;
        this.clock = clock;
        this.camel = camel;
        this.endpoint = endpoint;
        // amounts stay exact BigDecimals through the tree: records are re-serialized onto Kafka from it
        this.json = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true));
    }

    /** Adds app_key, timestamp, charset and sign to {@code params} and posts them to {@code path}. */
    public JushuitanAnswer post(String path, String appKey, String appSecret, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.put("app_key", appKey);
        form.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
        form.put("charset", "utf-8");
        form.put("sign", JushuitanSigner.sign(appSecret, form));
        Exchange answer = camel.send(endpoint, exchange -> {
            Message in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, "POST");
            in.setHeader(Exchange.HTTP_PATH, path);
            in.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded;charset=utf-8");
            in.setBody(encode(form));
        });
        if (answer.getException() != null) {
            Exception e = answer.getException();
            throw new JushuitanUnavailableException(path + ": " + e, e);
        }
        Message response = answer.getMessage();
        Integer status = response.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status != 200) {
            throw new JushuitanUnavailableException(path + ": HTTP " + status, null);
        }
        byte[] body = response.getBody(byte[].class);
        return envelope(path, body == null ? new byte[0] : body);
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
