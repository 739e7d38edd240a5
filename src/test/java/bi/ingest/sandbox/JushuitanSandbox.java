package bi.ingest.sandbox;

import bi.ingest.erp.jushuitan.JushuitanSigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Jushuitan open platform as specs/jushuitan.md (with its corrections) describes it, over generated data:
 * form POSTs signed with the app secret (code 10 on a bad signature), a timestamp tolerance (140), the authorization
 * page redirecting to the app's callback with a one-time code, code exchange and refresh with rotating refresh
 * tokens (ISV apps cannot refresh: 150), access tokens that expire (100), per-app limits per second (199) and per
 * minute (200) over a sliding window, window and page-size limits (140), and paging with has_next. Orders and refunds
 * answer {@code start_ts}, inventory {@code ts}: the records whose row version is at least that, ordered by it (no
 * totals with {@code is_get_total=false}); modified-time windows are ordered by modified.
 * Knobs: {@link #expireAccessToken}, {@link #setRateLimit}, {@link #setTokenLifetime}, {@link #refuseRefresh},
 * {@link #drift} (the company's data changes all the time, also between two pages of one pull).
 */
public final class JushuitanSandbox implements AutoCloseable {

    /** Errors the sandbox answers with (the client's table lives in JushuitanError). */
    public static final int SIGN = 10, TOKEN = 100, PARAMS = 140, REFRESH_REFUSED = 150, PER_SECOND = 199, PER_MINUTE = 200;

    // path -> entity, list field, page-size cap, windowed, row-version cursor parameter
    private static final Map<String, String[]> QUERIES = Map.of(
            "/open/orders/single/query", new String[] {"orders", "orders", "100", "true", "start_ts"},
            "/open/refund/single/query", new String[] {"refunds", "datas", "50", "true", "start_ts"},
            "/open/inventory/query", new String[] {"inventory", "inventorys", "100", "true", "ts"},
            "/open/sku/query", new String[] {"skus", "datas", "50", "true", ""},
            "/open/shops/query", new String[] {"shops", "datas", "100", "false", ""});

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger businessCalls = new AtomicInteger();
    private volatile int perSecond = 5;
    private volatile int perMinute = 100;
    private volatile Duration tokenLifetime = Duration.ofDays(30);
    private volatile Duration timestampTolerance = Duration.ofMinutes(10);
    private volatile Duration arrivalJitter = Duration.ZERO;
    /**
     * When the server read the request being answered (stamped as the request is handed to a handler thread, so a
     * busy handler does not make calls look bunched): the rate limit counts arrivals, not answers.
     */
    private static final ThreadLocal<Long> ARRIVAL = new ThreadLocal<>();
    private final java.util.concurrent.ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jushuitan-sandbox-handler");
        t.setDaemon(true);
        return t;
    });
    private final StallWatch stalls = new StallWatch("jushuitan-sandbox-stall-watch");

    /** One registered app and the company data behind it. */
    public static final class App {
        final String appKey;
        final String secret;
        final boolean isv;
        final String callbackUrl;
        public final JushuitanDataset data;
        final Deque<Long> arrivals = new ArrayDeque<>();
        final Map<String, Boolean> codes = new ConcurrentHashMap<>();
        volatile String accessToken;
        volatile Instant accessExpires;
        volatile String refreshToken;
        /** A business call came with the access token issued last: whoever refreshed it has stored it. */
        volatile boolean accessTokenUsed;
        volatile boolean refuseRefresh;
        final AtomicInteger refreshes = new AtomicInteger();
        volatile java.util.concurrent.ScheduledFuture<?> drift;
        final Map<String, AtomicInteger> drifted = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> callsByPath = new ConcurrentHashMap<>();
        final AtomicInteger rateLimited = new AtomicInteger();

        App(String appKey, String secret, boolean isv, String callbackUrl, JushuitanDataset data) {
            this.appKey = appKey;
            this.secret = secret;
            this.isv = isv;
            this.callbackUrl = callbackUrl;
            this.data = data;
        }

        /** The refresh token the platform accepts now (earlier ones are refused). */
        public String refreshToken() {
            return refreshToken;
        }

        public int refreshes() {
            return refreshes.get();
        }

        /**
         * No refresh is under way and none is due within {@code ahead}: the token issued last was used by a business
         * call (so the client that refreshed it stored it) and expires later than {@code ahead} from now. A client
         * killed between the platform's answer to a refresh and storing it has lost the only valid refresh token.
         */
        public boolean tokensSettledFor(Duration ahead) {
            return accessTokenUsed && accessExpires != null && Instant.now().plus(ahead).isBefore(accessExpires);
        }

        /** Business calls of this app to {@code path} (each answered, whatever the answer). */
        public int calls(String path) {
            AtomicInteger n = callsByPath.get(path);
            return n == null ? 0 : n.get();
        }

        /** Calls of this app refused for its rate limit (per second or per minute). */
        public int rateLimited() {
            return rateLimited.get();
        }

        /** Changes drift made, by kind (changed, new, late). */
        public int drifted(String kind) {
            AtomicInteger n = drifted.get(kind);
            return n == null ? 0 : n.get();
        }
    }

    private final java.util.concurrent.ScheduledExecutorService drifter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jushuitan-sandbox-drift");
        t.setDaemon(true);
        return t;
    });

    private JushuitanSandbox(HttpServer server) {
        this.server = server;
    }

    public static JushuitanSandbox start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            JushuitanSandbox sandbox = new JushuitanSandbox(server);
            server.createContext("/", sandbox::handle);
            server.setExecutor(exchange -> {
                long read = System.nanoTime();
                sandbox.handlers.execute(() -> {
                    ARRIVAL.set(read);
                    exchange.run();
                });
            });
            server.start();
            return sandbox;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String authorizeUrl() {
        return apiUrl() + "/auth";
    }

    public App registerApp(String appKey, String secret, boolean isv, String callbackUrl, JushuitanDataset data) {
        TestSecrets.remember(secret);
        App app = new App(appKey, secret, isv, callbackUrl, data);
        apps.put(appKey, app);
        return app;
    }

    public App app(String appKey) {
        return apps.get(appKey);
    }

    /** Knob: the app's current access token is expired from now on (the next call gets code 100). */
    public void expireAccessToken(String appKey) {
        apps.get(appKey).accessExpires = clock.instant().minusSeconds(1);
    }

    /**
     * Knob: how late this sandbox may notice a call, as a machine running it next to the service processes stalls
     * threads for a few hundred milliseconds: the rate limits count the calls of a window shortened by it, so a call
     * read late is not taken for a burst with the next ones. A client that does not keep the limit is still refused.
     */
    public void setArrivalJitter(Duration jitter) {
        this.arrivalJitter = jitter;
    }

    /** Knob: the platform's per-app limits (a sliding window each). */
    public void setRateLimit(int perSecond, int perMinute) {
        this.perSecond = perSecond;
        this.perMinute = perMinute;
    }

    /** Knob: expires_in of the tokens issued from now on. */
    public void setTokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    /** Knob: refresh calls of this app are refused with code 150. */
    public void refuseRefresh(String appKey, boolean refuse) {
        apps.get(appKey).refuseRefresh = refuse;
    }

    /**
     * Knob: drift mode. The app's company makes {@code perSecond} changes a second, spread evenly, so records change,
     * appear and leave windows between two page requests of one pull; up to a sixth of them commit late, by at most
     * {@code maxLateCommit}. A rate of 0 stops it.
     */
    public void drift(String appKey, int perSecond, Duration maxLateCommit, long seed) {
        App app = apps.get(appKey);
        if (app.drift != null) {
            app.drift.cancel(false);
            app.drift = null;
        }
        if (perSecond > 0) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            app.drift = drifter.scheduleAtFixedRate(() -> app.drifted.computeIfAbsent(
                            app.data.drift(clock.instant(), r, maxLateCommit), k -> new AtomicInteger()).incrementAndGet(),
                    0, 1_000_000 / perSecond, java.util.concurrent.TimeUnit.MICROSECONDS);
        }
    }

    /** How many answers carried {@code code}. */
    public int answers(int code) {
        AtomicInteger n = answers.get(code);
        return n == null ? 0 : n.get();
    }

    public int businessCalls() {
        return businessCalls.get();
    }

    /** Every access and refresh token value ever issued is in here: the log test looks for them. */
    public final List<String> issuedTokens = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void close() {
        drifter.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
        stalls.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if ("GET".equals(ex.getRequestMethod()) && "/auth".equals(path)) {
                authorizePage(ex);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, Map.of("code", PARAMS, "msg", "POST only"));
                return;
            }
            Map<String, String> form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            send(ex, 200, answer(path, form));
        } catch (RuntimeException e) {
            send(ex, 500, Map.of("code", 500, "msg", "sandbox error: " + e));
        }
    }

    private Map<String, Object> answer(String path, Map<String, String> form) {
        Map<String, Object> checked = checkCommon(form);
        if (checked != null) {
            return checked;
        }
        App app = apps.get(form.get("app_key"));
        if (path.matches("/openWeb(Isv)?/auth/accessToken")) {
            return exchange(app, form);
        }
        if (path.matches("/openWeb(Isv)?/auth/refreshToken")) {
            return refresh(app, form);
        }
        String[] query = QUERIES.get(path);
        if (query == null) {
            return error(PARAMS, "unknown interface " + path);
        }
        app.callsByPath.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
        return query(app, form, query);
    }

    private Map<String, Object> checkCommon(Map<String, String> form) {
        for (String p : List.of("app_key", "timestamp", "charset", "sign")) {
            if (form.get(p) == null || form.get(p).isEmpty()) {
                return error(PARAMS, "missing parameter " + p);
            }
        }
        App app = apps.get(form.get("app_key"));
        if (app == null || !JushuitanSigner.verify(app.secret, form)) {
            return error(SIGN, "签名错误 (sign invalid)");
        }
        long ts;
        try {
            ts = Long.parseLong(form.get("timestamp"));
        } catch (NumberFormatException e) {
            return error(PARAMS, "timestamp must be Unix seconds");
        }
        if (Math.abs(clock.instant().getEpochSecond() - ts) > timestampTolerance.toSeconds()) {
            return error(PARAMS, "timestamp outside the tolerance");
        }
        return null;
    }

    private void authorizePage(HttpExchange ex) throws IOException {
        Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
        Map<String, Object> checked = checkCommon(q);
        if (checked != null) {
            send(ex, 400, checked);
            return;
        }
        App app = apps.get(q.get("app_key"));
        String code = UUID.randomUUID().toString().substring(0, 6); // the merchant consents at once
        app.codes.put(code, true);
        String sep = app.callbackUrl.contains("?") ? "&" : "?";
        ex.getResponseHeaders().add("Location", app.callbackUrl + sep + "code=" + code + "&state="
                + URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(302, -1);
    }

    private Map<String, Object> exchange(App app, Map<String, String> form) {
        if (!"authorization_code".equals(form.get("grant_type")) || app.codes.remove(String.valueOf(form.get("code"))) == null) {
            return error(PARAMS, "invalid grant_type or code");
        }
        return issueTokens(app);
    }

    private Map<String, Object> refresh(App app, Map<String, String> form) {
        if (app.isv || app.refuseRefresh) {
            return error(REFRESH_REFUSED, "this app may not refresh; authorize again");
        }
        if (!"refresh_token".equals(form.get("grant_type")) || !"all".equals(form.get("scope"))
                || app.refreshToken == null || !app.refreshToken.equals(form.get("refresh_token"))) {
            return error(PARAMS, "invalid refresh_token");
        }
        app.refreshes.incrementAndGet();
        return issueTokens(app);
    }

    private synchronized Map<String, Object> issueTokens(App app) {
        app.accessToken = "at-" + UUID.randomUUID();
        app.accessTokenUsed = false;
        app.refreshToken = "rt-" + UUID.randomUUID(); // the old refresh token stops working
        TestSecrets.remember(app.accessToken, app.refreshToken);
        app.accessExpires = clock.instant().plus(tokenLifetime);
        issuedTokens.add(app.accessToken);
        issuedTokens.add(app.refreshToken);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("access_token", app.accessToken);
        data.put("expires_in", tokenLifetime.toSeconds());
        data.put("refresh_token", app.refreshToken);
        data.put("scope", "all");
        return ok(data);
    }

    private Map<String, Object> query(App app, Map<String, String> form, String[] query) {
        businessCalls.incrementAndGet();
        for (String p : List.of("access_token", "version", "biz")) {
            if (form.get(p) == null || form.get(p).isEmpty()) {
                return error(PARAMS, "missing parameter " + p);
            }
        }
        if (!"2".equals(form.get("version"))) {
            return error(PARAMS, "version must be 2");
        }
        Map<String, Object> limited = rateLimit(app);
        if (limited != null) {
            return limited;
        }
        if (!form.get("access_token").equals(app.accessToken) || !clock.instant().isBefore(app.accessExpires)) {
            return error(TOKEN, "access_token 已过期 (expired or invalid)");
        }
        app.accessTokenUsed = true;
        JsonNode biz;
        try {
            biz = json.readTree(form.get("biz"));
        } catch (IOException e) {
            return error(PARAMS, "biz is not JSON");
        }
        int pageIndex = biz.path("page_index").asInt(1);
        int pageSize = biz.path("page_size").asInt(30);
        if (pageIndex < 1 || pageSize < 1 || pageSize > Integer.parseInt(query[2])) {
            return error(PARAMS, "page_size must be 1.." + query[2]);
        }
        List<JushuitanDataset.Item> items;
        JsonNode cursor = query[4].isEmpty() ? null : biz.get(query[4]);
        boolean totals = !"false".equals(biz.path("is_get_total").asText());
        if (!query[4].isEmpty() && biz.has(query[4]) && (!cursor.canConvertToLong() && !cursor.asText().matches("\\d+"))) {
            return error(PARAMS, query[4] + " must be a row version (a number)");
        }
        if (query[4].isEmpty() && (biz.has("start_ts") || biz.has("ts"))) {
            return error(PARAMS, "this interface has no row-version cursor");
        }
        // the page is found and written under the data's lock, as a database answers a query from one snapshot: a
        // row that changes meanwhile shows up at its old version or its new one, consistent with the query
        List<Map<String, Object>> page = new ArrayList<>();
        int to;
        synchronized (app.data) {
            if (cursor != null) {
                items = app.data.rowVersionsFrom(query[0], cursor.canConvertToLong() ? cursor.asLong() : Long.parseLong(cursor.asText()));
            } else if (Boolean.parseBoolean(query[3])) {
                Instant begin = time(biz.path("modified_begin").asText(""));
                Instant end = time(biz.path("modified_end").asText(""));
                if (begin == null || end == null) {
                    return error(PARAMS, "modified_begin and modified_end are required (yyyy-MM-dd HH:mm:ss)");
                }
                if (end.isBefore(begin) || Duration.between(begin, end).compareTo(Duration.ofDays(7)) > 0) {
                    return error(PARAMS, "the modified window must be 0..7 days");
                }
                items = app.data.modifiedBetween(query[0], begin, end);
            } else {
                items = app.data.all(query[0]);
            }
            int from = Math.min(items.size(), (pageIndex - 1) * pageSize);
            to = Math.min(items.size(), from + pageSize);
            for (JushuitanDataset.Item i : items.subList(from, to)) {
                page.add(i.fields());
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("page_index", pageIndex);
        data.put("page_size", pageSize);
        if (totals) {
            data.put("data_count", items.size());
            data.put("page_count", (items.size() + pageSize - 1) / pageSize);
        }
        data.put("has_next", to < items.size());
        data.put(query[1], page);
        return ok(data);
    }

    private Map<String, Object> rateLimit(App app) {
        Long read = ARRIVAL.get();
        long now = read == null ? System.nanoTime() : read;
        // earlier calls are kept at the earliest time they may have arrived: one read right after this JVM stalled
        // may have arrived at any time during the stall, and a client that sent it on time is not at fault
        long arrived = stalls.earliestArrival(now);
        long jitter = arrivalJitter.toNanos();
        synchronized (app.arrivals) {
            app.arrivals.removeIf(t -> t <= now - Duration.ofMinutes(1).toNanos() + jitter);
            if (app.arrivals.size() >= perMinute) {
                app.rateLimited.incrementAndGet();
                return error(PER_MINUTE, "接口调用频率超限 (more than " + perMinute + " calls per minute)");
            }
            List<Long> lastSecond = app.arrivals.stream().filter(t -> t > now - Duration.ofSeconds(1).toNanos() + jitter).toList();
            if (lastSecond.size() >= perSecond) {
                app.rateLimited.incrementAndGet();
                // when the calls before it arrived tells a burst from a client from a stall the watch did not see
                return error(PER_SECOND, "接口调用频率超限 (more than " + perSecond + " calls per second; the calls counted arrived "
                        + lastSecond.stream().map(t -> Long.toString((now - t) / 1_000_000)).toList() + " ms before this one; "
                        + stalls.recentStalls() + " stalls of the sandbox's JVM in the last two minutes)");
            }
            app.arrivals.addLast(arrived);
        }
        return null;
    }

    private static Instant time(String text) {
        try {
            return LocalDateTime.parse(text, java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                    .atZone(JushuitanDataset.ERP_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Map<String, Object> ok(Map<String, Object> data) {
        answers.computeIfAbsent(0, c -> new AtomicInteger()).incrementAndGet();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", 0);
        m.put("msg", "执行成功");
        m.put("data", data);
        return m;
    }

    private Map<String, Object> error(int code, String msg) {
        answers.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("msg", msg);
        m.put("issuccess", false);
        m.put("requestId", UUID.randomUUID().toString());
        return m;
    }

    private void send(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> form = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return form;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            form.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
