package bi.ingest.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads one config from Nacos over its HTTP Open API v1 ({@code GET /nacos/v1/cs/configs}, with
 * {@code POST /nacos/v1/auth/login} first when a user is set), which Nacos 1.x and 2.x servers serve. Written by
 * hand because Nacos's own 2.x client speaks gRPC only and Spring Cloud Alibaba does not follow Boot 3.5 yet.
 */
public class NacosConfigClient {

    private final NacosProperties props;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private String accessToken;
    private Instant tokenExpires = Instant.MIN;

    public NacosConfigClient(NacosProperties props) {
        this.props = props;
        this.http = HttpClient.newBuilder().connectTimeout(props.getTimeout()).build();
    }

    /** The config's text; empty when the data id does not exist (yet). Throws when Nacos cannot be asked. */
    public Optional<String> fetch() throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder()
                .append("dataId=").append(encode(props.getDataId()))
                .append("&group=").append(encode(props.getGroup()));
        if (!props.getNamespace().isBlank()) {
            query.append("&tenant=").append(encode(props.getNamespace()));
        }
        String token = token();
        if (token != null) {
            query.append("&accessToken=").append(encode(token));
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/nacos/v1/cs/configs?" + query))
                .timeout(props.getTimeout()).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() == 403 || r.statusCode() == 401) {
            accessToken = null; // expired or revoked: log in again next time
            throw new IOException("Nacos refused to read " + props.getDataId() + " (HTTP " + r.statusCode()
                    + "): check bi.nacos.username/password and the user's permissions");
        }
        if (r.statusCode() != 200) {
            throw new IOException("Nacos answered HTTP " + r.statusCode() + " for " + props.getDataId());
        }
        return Optional.of(r.body());
    }

    public String describe() {
        return base() + " data id " + props.getDataId() + " group " + props.getGroup()
                + (props.getNamespace().isBlank() ? "" : " namespace " + props.getNamespace());
    }

    private String token() throws IOException, InterruptedException {
        if (props.getUsername().isBlank()) {
            return null;
        }
        if (accessToken != null && Instant.now().isBefore(tokenExpires)) {
            return accessToken;
        }
        String form = "username=" + encode(props.getUsername()) + "&password=" + encode(props.getPassword());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/nacos/v1/auth/login"))
                .timeout(props.getTimeout()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("Nacos refused the login of " + props.getUsername() + " (HTTP " + r.statusCode() + ")");
        }
        JsonNode answer = json.readTree(r.body());
        accessToken = answer.path("accessToken").asText(null);
        // renew well before the server's ttl (seconds)
        tokenExpires = Instant.now().plusSeconds(Math.max(30, answer.path("tokenTtl").asLong(18_000) / 2));
        return accessToken;
    }

    private String base() {
        String addr = props.getServerAddr().split(",")[0].trim();
        return addr.startsWith("http") ? addr : "http://" + addr;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
