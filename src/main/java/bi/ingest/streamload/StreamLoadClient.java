package bi.ingest.streamload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one batch of JSON rows to StarRocks with Stream Load and says what the answer means.
 *
 * <p>HttpClient 5 directly rather than camel-http: the FE answers 307 to a BE on another authority, and HttpClient 5
 * refuses (or strips credentials from) such redirects when the request carries {@code Authorization}; we need the
 * credentials and {@code Expect: 100-continue} re-sent on every hop, and the hops counted (spec §1.6).
 */
public class StreamLoadClient implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamLoadClient.class);

    private final StreamLoadProperties props;
    private final ObjectMapper json;
    private final CloseableHttpClient http;

    public StreamLoadClient(StreamLoadProperties props, ObjectMapper json) {
        this.props = props;
        this.json = json;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(props.getConnectTimeout()))
                                .setSocketTimeout(Timeout.of(props.getResponseTimeout()))
                                .build())
                        .setMaxConnTotal(32).setMaxConnPerRoute(16)
                        .build())
                .setRequestExecutor(new ExpectContinueExecutor(Timeout.of(props.getWaitForContinue())))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setExpectContinueEnabled(true)
                        .setResponseTimeout(Timeout.of(props.getResponseTimeout()))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    /**
     * Loads a JSON array of rows into a table under the given label, resolving a RUNNING label by polling its state.
     *
     * @return the answer that made the load count as loaded
     * @throws RetryableLoadException when the outcome is unknown or transient: resend with the same label
     * @throws FinalLoadException     when StarRocks refused for a reason no retry fixes
     */
    public StreamLoadResponse load(String table, String label, byte[] jsonArray, Map<String, String> loadHeaders) {
        return load(table, label, LoadBody.ofJsonArray(jsonArray), loadHeaders);
    }

    /** As {@link #load(String, String, byte[], Map)}, with a body in chunks and its format, as the load path writes it. */
    public StreamLoadResponse load(String table, String label, LoadBody body, Map<String, String> loadHeaders) {
        for (int round = 1; ; round++) {
            StreamLoadResponse r = put(table, label, body, loadHeaders);
            switch (LoadVerdict.of(r)) {
                case LOADED:
                    return r;
                case RETRYABLE:
                    throw new RetryableLoadException("Stream Load into " + table + " label " + label + " not done: " + r.summary());
                case FINAL:
                    throw finalFailure(table, label, r);
                case PENDING:
                default:
                    LoadState state = awaitFinalState(label);
                    if (state.isCommitted()) {
                        LOG.info("label={} table={} was committed by an earlier attempt (state {})", label, table, state);
                        return r;
                    }
                    if (state.isInFlight() || round >= 3) {
                        throw new RetryableLoadException("label " + label + " of table " + table + " is still " + state
                                + " after " + props.getLabelStateMaxWait().toSeconds() + " s of polling");
                    }
                    LOG.info("label={} table={} ended {}; sending the batch again under the same label", label, table, state);
            }
        }
    }

    /** One PUT of the batch, following at most {@code maxRedirects} 307s with credentials re-sent on each hop. */
    StreamLoadResponse put(String table, String label, LoadBody body, Map<String, String> loadHeaders) {
        URI uri = URI.create(props.getFeUrl() + "/api/" + props.getDatabase() + "/" + table + "/_stream_load");
        for (int hop = 0; hop <= props.getMaxRedirects(); hop++) {
            HttpPut put = new HttpPut(uri);
            put.setHeader(HttpHeaders.AUTHORIZATION, basicAuth());
            put.setHeader(HttpHeaders.EXPECT, "100-continue");
            put.setHeader("label", label);
            body.formatHeaders().forEach(put::setHeader);
            put.setHeader("strict_mode", "true");
            put.setHeader("max_filter_ratio", "0");
            put.setHeader("timeout", Integer.toString(props.getLoadTimeoutSeconds()));
            loadHeaders.forEach(put::setHeader);
            put.setEntity(body.entity()); // repeatable, with Content-Length
            Answer a = execute(put, "Stream Load into " + table + " label " + label);
            if (isRedirect(a.status)) {
                if (a.location == null) {
                    throw new RetryableLoadException("Stream Load into " + table + ": " + a.status + " without Location");
                }
                uri = uri.resolve(a.location);
                continue;
            }
            return StreamLoadResponse.of(a.status, parse(a.body));
        }
        throw new RetryableLoadException("Stream Load into " + table + " label " + label + ": more than "
                + props.getMaxRedirects() + " redirects (last to " + withoutUserInfo(uri) + ")");
    }

    /** Polls {@code get_load_state} with a growing pause (1, 2, 4, 5, 5 … s) until a final state or the time limit. */
    LoadState awaitFinalState(String label) {
        long deadline = System.nanoTime() + props.getLabelStateMaxWait().toNanos();
        long pause = props.getLabelStatePollInitial().toMillis();
        LoadState state = LoadState.UNKNOWN;
        while (true) {
            state = loadState(label);
            if (!state.isInFlight() || System.nanoTime() > deadline) {
                return state;
            }
            sleep(pause);
            pause = Math.min(pause * 2, 5000);
        }
    }

    /** {@code GET /api/{db}/get_load_state?label=}, following a follower FE's 307 to the leader. */
    public LoadState loadState(String label) {
        URI uri = URI.create(props.getFeUrl() + "/api/" + props.getDatabase() + "/get_load_state?label="
                + URLEncoder.encode(label, StandardCharsets.UTF_8));
        for (int hop = 0; hop <= props.getMaxRedirects(); hop++) {
            HttpGet get = new HttpGet(uri);
            get.setHeader(HttpHeaders.AUTHORIZATION, basicAuth());
            Answer a = execute(get, "get_load_state for label " + label);
            if (isRedirect(a.status) && a.location != null) {
                uri = uri.resolve(a.location);
                continue;
            }
            if (a.status == 401) {
                throw new FinalLoadException(null, label, "get_load_state refused: access denied for user "
                        + props.getUsername() + " — check bi.streamload.username/password", null);
            }
            JsonNode n = parse(a.body);
            return LoadState.parse(n == null ? null : n.path("state").asText(null));
        }
        throw new RetryableLoadException("get_load_state for label " + label + ": too many redirects");
    }

    /** The first characters of the rejected-rows log an ErrorURL points at, or why it could not be read. */
    public String errorLog(String errorUrl) {
        if (errorUrl == null || errorUrl.isBlank()) {
            return "";
        }
        try {
            HttpGet get = new HttpGet(errorUrl);
            get.setHeader(HttpHeaders.AUTHORIZATION, basicAuth());
            Answer a = execute(get, "ErrorURL");
            String text = a.body == null ? "" : a.body.strip();
            return text.length() > props.getErrorLogMaxChars() ? text.substring(0, props.getErrorLogMaxChars()) + " …" : text;
        } catch (RuntimeException e) {
            return "(could not read the ErrorURL: " + e.getMessage() + ")";
        }
    }

    private FinalLoadException finalFailure(String table, String label, StreamLoadResponse r) {
        StringBuilder msg = new StringBuilder("Stream Load refused table ").append(table).append(" (label ").append(label)
                .append("): ").append(r.summary());
        if (r.httpStatus() == 401) {
            msg.append(" — check bi.streamload.username/password and the user's INSERT privilege");
        } else if (r.message() != null && r.message().toLowerCase().contains("unknown table")) {
            msg.append(" — create it with config/starrocks/").append(table).append(".sql");
        }
        if (r.errorUrl() != null) {
            msg.append(" — rejected rows: ").append(errorLog(r.errorUrl()));
        }
        return new FinalLoadException(table, label, msg.toString(), r.errorUrl());
    }

    private Answer execute(HttpUriRequestBase request, String what) {
        try {
            return http.execute(request, response -> {
                Header location = response.getFirstHeader(HttpHeaders.LOCATION);
                String body = response.getEntity() == null ? null : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                return new Answer(response.getCode(), location == null ? null : location.getValue(), body);
            });
        } catch (IOException e) {
            throw new RetryableLoadException(what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null; // e.g. an HTML error page: the HTTP status decides
        }
    }

    private String basicAuth() {
        String userPass = props.getUsername() + ":" + (props.getPassword() == null ? "" : props.getPassword());
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isRedirect(int status) {
        return status == 307 || status == 308 || status == 301 || status == 302 || status == 303;
    }

    private static String withoutUserInfo(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableLoadException("interrupted while waiting for a label's state", e);
        }
    }

    /** Headers a load sends besides the fixed ones; for Primary Key tables the merge condition. */
    public static Map<String, String> headersFor(String mergeConditionColumn) {
        Map<String, String> h = new LinkedHashMap<>();
        if (mergeConditionColumn != null) {
            h.put("merge_condition", mergeConditionColumn);
        }
        return h;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    private record Answer(int status, String location, String body) {
    }
}
