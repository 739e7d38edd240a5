package bi.ingest.streamload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health {@code streamLoad} (readiness group): the FE answers its health API ({@code GET /api/health}, which reports
 * {@code online_backend_num}). DOWN when the FE cannot be reached or says no backend is online; an FE that answers
 * without that API (404) is reachable, so UP.
 */
public class StreamLoadHealth implements HealthIndicator {

    private final StreamLoadProperties props;
    private final ObjectMapper json;
    private final HttpClient http;

    public StreamLoadHealth(StreamLoadProperties props, ObjectMapper json) {
        this.props = props;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(props.getConnectTimeout()).build();
    }

    @Override
    public Health health() {
        String fe = props.getFeUrl();
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(fe + "/api/health"))
                    .timeout(props.getConnectTimeout().multipliedBy(2)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            Health.Builder h = Health.up().withDetail("fe", fe).withDetail("httpStatus", r.statusCode());
            if (r.statusCode() == 200) {
                JsonNode body = json.readTree(r.body());
                if (body.has("online_backend_num")) {
                    int online = body.path("online_backend_num").asInt();
                    h = (online > 0 ? Health.up() : Health.down().withDetail("error", "no backend online"))
                            .withDetail("fe", fe).withDetail("onlineBackends", online)
                            .withDetail("totalBackends", body.path("total_backend_num").asInt());
                }
            }
            return h.build();
        } catch (IOException e) {
            return Health.down().withDetail("fe", fe).withDetail("error", e.toString()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("fe", fe).build();
        }
    }
}
