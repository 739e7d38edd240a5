package bi.ingest.sandbox;

import bi.ingest.normalize.Column;
import bi.ingest.normalize.ColumnType;
import bi.ingest.normalize.TableCatalog;
import bi.ingest.normalize.TableSchema;
import bi.ingest.streamload.LoadState;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A StarRocks Stream Load server for tests and the local run, faithful to {@code specs/streamload.md} §9.1: an FE
 * that checks credentials and {@code Expect} and answers 307 without reading the body, a BE that checks headers
 * before {@code 100 Continue}, a label registry per database, strict type checks with an ErrorURL, Primary Key
 * upserts with {@code __op} and {@code merge_condition}, Duplicate Key appends, and fault knobs. Tables come from
 * the project's DDL. Only {@code format=json} bodies are implemented (JSON array or NDJSON).
 */
public final class StreamLoadSandbox implements Closeable {

    private static final Pattern LOAD_PATH = Pattern.compile("/api/([^/]+)/([^/]+)/_stream_load");
    private static final Pattern STATE_PATH = Pattern.compile("/api/([^/]+)/get_load_state");
    private static final Pattern LABEL = Pattern.compile("^[-\\w]{1,128}$");
    private static final Set<String> FORMATS = Set.of("csv", "json", "gzip", "bzip2", "lz4", "deflate", "zstd");
    private static final long JSON_LIMIT = 104857600L;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ObjectMapper compact = new ObjectMapper();
    private final Map<String, Map<String, SandboxTable>> databases = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Label>> labels = new ConcurrentHashMap<>();
    private final Map<String, String> errorLogs = new ConcurrentHashMap<>();
    private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
    private final List<SeenRequest> seen = new CopyOnWriteArrayList<>();
    private final AtomicLong txnIds = new AtomicLong(40000);
    private final AtomicInteger loadsCommitted = new AtomicInteger();
    /** Every Stream Load a BE served, with when it started and ended (a test tells loads at the same time from it). */
    private final List<ServedLoad> served = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> loadsByFormat = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-timers");
        t.setDaemon(true);
        return t;
    });
    private final boolean countOnly;
    private volatile String user;
    private volatile String password;
    private volatile boolean backendAlive = true;
    private volatile boolean legacyTimingField;
    private RawHttpServer fe;
    private RawHttpServer be;

    private StreamLoadSandbox(String user, String password, String database, boolean countOnly) {
        this.user = user;
        this.password = password;
        this.countOnly = countOnly;
        TableCatalog catalog = TableCatalog.fromClasspath();
        Map<String, SandboxTable> tables = new ConcurrentHashMap<>();
        for (String name : catalog.names()) {
            tables.put(name, new SandboxTable(catalog.table(name), countOnly));
        }
        databases.put(database, tables);
    }

    /** Starts FE and BE on the given ports (0 = any free port) of 127.0.0.1. */
    public static StreamLoadSandbox start(String user, String password, String database, boolean countOnly,
                                          int fePort, int bePort) throws IOException {
        StreamLoadSandbox s = new StreamLoadSandbox(user, password, database, countOnly);
        s.be = new RawHttpServer("be", bePort, s::handleBe);
        s.fe = new RawHttpServer("fe", fePort, s::handleFe);
        return s;
    }

    public static StreamLoadSandbox start(String user, String password) throws IOException {
        return start(user, password, "erp", false, 0, 0);
    }

    public String feUrl() {
        return "http://127.0.0.1:" + fe.port();
    }

    public String beUrl() {
        return "http://127.0.0.1:" + be.port();
    }

    public SandboxTable table(String name) {
        return table("erp", name);
    }

    public SandboxTable table(String db, String name) {
        return databases.get(db).get(name);
    }

    public Map<String, SandboxTable> tables(String db) {
        return databases.get(db);
    }

    public void credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** Makes the FE answer "No backend alive." while false. */
    public void backendAlive(boolean alive) {
        this.backendAlive = alive;
    }

    /** Answers with the old timing field name {@code StreamLoadPutTimeMs} (StarRocks ≤ 2.5, Doris). */
    public void legacyTimingField(boolean legacy) {
        this.legacyTimingField = legacy;
    }

    /** Arms a fault for the next {@code times} loads into {@code table} (null = any table). */
    public void inject(SandboxFault fault, String table, int times, Duration duration) {
        faults.add(new FaultRule(fault, table, new AtomicInteger(times), duration));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** How many injected faults have not fired yet. */
    public int pendingFaults() {
        return faults.stream().mapToInt(f -> Math.max(0, f.remaining.get())).sum();
    }

    public LoadState labelState(String db, String label) {
        Label l = labels.computeIfAbsent(db, d -> new ConcurrentHashMap<>()).get(label);
        return l == null ? LoadState.UNKNOWN : l.state;
    }

    public int loadsCommitted() {
        return loadsCommitted.get();
    }

    /** The Stream Loads BEs served so far, in the order they ended. */
    public List<ServedLoad> servedLoads() {
        synchronized (served) {
            return List.copyOf(served);
        }
    }

    /** Stream Loads received at a BE in this format ({@code csv}, {@code json}), whatever their outcome. */
    public int loadsIn(String format) {
        AtomicInteger n = loadsByFormat.get(format.toLowerCase());
        return n == null ? 0 : n.get();
    }

    public List<SeenRequest> seenRequests() {
        return List.copyOf(seen);
    }

    public void clearSeenRequests() {
        seen.clear();
    }

    // ---------------------------------------------------------------- FE

    private void handleFe(RawHttpExchange ex) throws Exception {
        remember("fe", ex);
        Matcher load = LOAD_PATH.matcher(ex.path());
        if (ex.method().equals("PUT") && load.matches()) {
            if (!authorized(ex)) {
                unauthorized(ex);
                return;
            }
            if (ex.version().equals("HTTP/1.1") && !ex.expectsContinue()) {
                feFailed(ex, "There is no 100-continue header");
                return;
            }
            if (!backendAlive) {
                feFailed(ex, "No backend alive.");
                return;
            }
            FaultRule slow = fault(SandboxFault.FE_SLOW_CONTINUE, load.group(2));
            if (slow != null) {
                Thread.sleep(slow.duration.toMillis()); // past the client's wait-for-continue: it starts sending the body
            }
            // never 100 Continue and never the body: the redirect is decided from headers alone
            String location = beUrl() + ex.path() + (ex.rawQuery() == null ? "" : "?" + ex.rawQuery());
            ex.respond(307, null, new byte[0], Map.of("Location", location));
            return;
        }
        Matcher state = STATE_PATH.matcher(ex.path());
        if (ex.method().equals("GET") && state.matches()) {
            if (!authorized(ex)) {
                unauthorized(ex);
                return;
            }
            LoadState s = labelState(state.group(1), ex.query().getOrDefault("label", ""));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("state", s.name());
            body.put("reason", "");
            body.put("status", "OK");
            body.put("code", "0");
            body.put("msg", "Success");
            body.put("message", "OK");
            ex.respond(200, "application/json", compact.writeValueAsBytes(body));
            return;
        }
        if (ex.method().equals("GET") && ex.path().equals("/api/health")) {
            // StarRocks FE's health API: no credentials, the backends it sees
            ex.respond(200, "application/json", compact.writeValueAsBytes(Map.of(
                    "online_backend_num", backendAlive ? 1 : 0, "total_backend_num", 1)));
            return;
        }
        if (ex.method().equals("GET") && ex.path().startsWith("/sandbox/tables")) {
            browse(ex);
            return;
        }
        ex.respond(404, "text/plain", new byte[0]);
    }

    /** For people during the local run: {@code /sandbox/tables} (counts) and {@code /sandbox/tables/<name>?limit=20}. */
    private void browse(RawHttpExchange ex) throws IOException {
        String rest = ex.path().substring("/sandbox/tables".length());
        Map<String, SandboxTable> tables = databases.values().iterator().next();
        Object body;
        if (rest.isEmpty() || rest.equals("/")) {
            Map<String, Object> counts = new LinkedHashMap<>();
            tables.keySet().stream().sorted().forEach(n -> counts.put(n, countOnly ? tables.get(n).rowsReceived() : tables.get(n).count()));
            body = counts;
        } else {
            SandboxTable t = tables.get(rest.substring(1));
            if (t == null) {
                ex.respond(404, "text/plain", ("no table " + rest.substring(1)).getBytes(StandardCharsets.UTF_8));
                return;
            }
            int limit = Integer.parseInt(ex.query().getOrDefault("limit", "20"));
            List<Map<String, Object>> rows = t.rows();
            body = rows.subList(Math.max(0, rows.size() - limit), rows.size());
        }
        ex.respond(200, "application/json; charset=utf-8", json.writeValueAsBytes(body));
    }

    private void feFailed(RawHttpExchange ex, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", "FAILED");
        body.put("Message", "class com.starrocks.common.DdlException: " + message);
        ex.respond(200, "application/json", compact.writeValueAsBytes(body));
    }

    private void unauthorized(RawHttpExchange ex) throws IOException {
        String who = credentialsOf(ex) == null ? "" : credentialsOf(ex)[0];
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "FAILED");
        body.put("code", "1");
        body.put("msg", "Access denied for " + who + "@127.0.0.1");
        body.put("message", "Access denied for " + who + "@127.0.0.1");
        ex.respond(401, "text/html", compact.writeValueAsBytes(body), Map.of("WWW-Authenticate", "Basic realm=\"\""));
    }

    // ---------------------------------------------------------------- BE

    private void handleBe(RawHttpExchange ex) throws Exception {
        remember("be", ex);
        Matcher load = LOAD_PATH.matcher(ex.path());
        if (ex.method().equals("PUT") && load.matches()) {
            long started = System.nanoTime();
            try {
                streamLoad(ex, load.group(1), load.group(2));
            } finally {
                served.add(new ServedLoad(load.group(2), ex.header("label"), started, System.nanoTime()));
            }
        } else if (ex.method().equals("GET") && ex.path().equals("/api/_load_error_log")) {
            String text = errorLogs.get(ex.query().getOrDefault("file", ""));
            ex.respond(text == null ? 404 : 200, "text/plain; charset=utf-8", text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8));
        } else {
            ex.respond(404, "text/plain", new byte[0]);
        }
    }

    private void streamLoad(RawHttpExchange ex, String db, String tableName) throws Exception {
        long started = System.nanoTime();
        String label = ex.header("label");
        Result r = new Result(label == null ? UUID.randomUUID().toString() : label);
        // header phase: any failure answers at once, before 100 Continue, and the body is never read
        if (fault(SandboxFault.HTTP_LIMIT, tableName) != null) {
            send(ex, r.fail("Stream Load exceed http cuncurrent limit 100, please try again later"));
            return;
        }
        String[] creds = credentialsOf(ex);
        if (creds == null) {
            send(ex, r.fail("no valid Basic authorization"));
            return;
        }
        if (!creds[0].equals(user) || !creds[1].equals(password)) {
            send(ex, r.fail("Access denied for user '" + creds[0] + "'@'127.0.0.1' (using password: YES)"));
            return;
        }
        String format = ex.header("format") == null ? "csv" : ex.header("format").toLowerCase();
        if (!FORMATS.contains(format)) {
            send(ex, r.fail("unknown data format, format=" + ex.header("format")));
            return;
        }
        loadsByFormat.computeIfAbsent(format, f -> new AtomicInteger()).incrementAndGet();
        if (!format.equals("json") && !format.equals("csv")) {
            send(ex, r.fail("the sandbox implements format=json and uncompressed csv only, got format=" + format));
            return;
        }
        if (format.equals("json") && ex.declaredLength() > JSON_LIMIT && !"true".equalsIgnoreCase(ex.header("ignore_json_size"))) {
            send(ex, r.fail("The size of this batch exceed the max size [104857600]  of json type data  data [ "
                    + ex.declaredLength() + " ]. Set ignore_json_size to skip the check, although it may lead huge memory consuming."));
            return;
        }
        String timeout = ex.header("timeout");
        if (timeout != null) {
            if (!timeout.trim().matches("\\d+")) {
                send(ex, r.fail("Invalid timeout format"));
                return;
            }
            long t = Long.parseLong(timeout.trim());
            if (t < 1 || t > 259200) {
                send(ex, r.fail("Invalid timeout. Timeout should between 1 and 259200 seconds"));
                return;
            }
        }
        if (!LABEL.matcher(r.label).matches()) {
            send(ex, r.fail("Label format error. regex: ^[-\\w]{1,128}$, label: " + r.label));
            return;
        }
        Map<String, SandboxTable> tables = databases.get(db);
        if (tables == null) {
            send(ex, r.fail("unknown database, database=" + db));
            return;
        }
        SandboxTable table = tables.get(tableName);
        if (table == null) {
            send(ex, r.fail("unknown table \"" + db + "." + tableName + "\""));
            return;
        }
        String mergeCondition = ex.header("merge_condition");
        if (mergeCondition != null && table.schema().indexOf(mergeCondition) < 0) {
            send(ex, r.fail("Merge condition column " + mergeCondition + " does not exist"));
            return;
        }
        Label entry;
        Map<String, Label> dbLabels = labels.computeIfAbsent(db, d -> new ConcurrentHashMap<>());
        synchronized (dbLabels) {
            Label existing = dbLabels.get(r.label);
            if (existing != null && existing.state != LoadState.ABORTED) {
                r.txnId = -1;
                r.status = "Label Already Exists";
                r.existingJobStatus = existing.state.isCommitted() ? "FINISHED" : "RUNNING";
                r.message = "Label [" + r.label + "] has already been used.";
                send(ex, r);
                return;
            }
            entry = new Label(txnIds.incrementAndGet());
            dbLabels.put(r.label, entry);
        }
        r.txnId = entry.txnId;
        // body phase
        if (ex.expectsContinue()) {
            ex.sendContinue();
        }
        byte[] body;
        try {
            body = ex.readBody();
        } catch (IOException e) { // the client went away during the body (killed, reset): the load fails, aborted
            entry.state = LoadState.ABORTED;
            throw e;
        }
        r.loadBytes = body.length;
        if (ex.declaredLength() >= 0 && body.length != ex.declaredLength()) {
            entry.state = LoadState.ABORTED;
            send(ex, r.fail("receive body don't equal with body bytes, body_bytes=" + ex.declaredLength() + ", receive_bytes=" + body.length));
            return;
        }
        boolean stripOuterArray = "true".equalsIgnoreCase(ex.header("strip_outer_array"));
        boolean strict = "true".equalsIgnoreCase(ex.header("strict_mode"));
        double maxFilterRatio = ex.header("max_filter_ratio") == null ? 0 : Double.parseDouble(ex.header("max_filter_ratio"));
        Checked checked;
        try {
            if (format.equals("csv")) {
                checked = countOnly ? countCsvRows(body, unescape(ex.header("row_delimiter"), "\n"))
                        : check(table.schema(), parseCsv(body, ex, table.schema()), strict);
            } else {
                checked = countOnly ? countRows(body, stripOuterArray) : check(table.schema(), parse(body, stripOuterArray), strict);
            }
        } catch (JsonProcessingException e) {
            entry.state = LoadState.ABORTED;
            send(ex, r.fail((stripOuterArray ? "Failed to parse json as array. error: " : "Failed to parse json. error: ") + e.getOriginalMessage()));
            return;
        } catch (IllegalArgumentException e) {
            entry.state = LoadState.ABORTED;
            send(ex, r.fail(e.getMessage()));
            return;
        }
        r.totalRows = checked.total;
        r.loadedRows = checked.total - checked.filtered.size();
        r.filteredRows = checked.filtered.size();
        if (!checked.filtered.isEmpty()) {
            String file = "error_log_" + HexFormat.of().toHexDigits(entry.txnId) + "_" + HexFormat.of().toHexDigits(r.label.hashCode());
            errorLogs.put(file, String.join("\n", checked.filtered) + "\n");
            r.errorUrl = beUrl() + "/api/_load_error_log?file=" + file;
            if ((double) checked.filtered.size() / checked.total > maxFilterRatio) {
                entry.state = LoadState.ABORTED;
                send(ex, r.fail("too many filtered rows"));
                return;
            }
        }
        FaultRule f;
        if (fault(SandboxFault.MEM_LIMIT, tableName) != null) {
            entry.state = LoadState.ABORTED;
            send(ex, r.fail("Memory of load exceed limit. Limit: 2147483648, used: 2147500000"));
            return;
        }
        if (fault(SandboxFault.TXN_LIMIT, tableName) != null) {
            entry.state = LoadState.ABORTED;
            send(ex, r.fail("current running txns on db 10003 is 100, larger than limit 100"));
            return;
        }
        if ((f = fault(SandboxFault.TOO_MANY_VERSIONS, tableName)) != null) {
            entry.state = LoadState.ABORTED;
            send(ex, r.fail("Too many versions. tablet_id: 221090, version_count: 1001, limit: 1000, replica_state: 0"));
            return;
        }
        if ((f = fault(SandboxFault.LABEL_RUNNING, tableName)) != null) {
            // an earlier attempt is still in flight: the label stays PREPARE, then commits
            timers.schedule(() -> commit(table, checked, mergeCondition, entry), f.duration.toMillis(), TimeUnit.MILLISECONDS);
            r.txnId = -1;
            r.status = "Label Already Exists";
            r.existingJobStatus = "RUNNING";
            r.message = "Label [" + r.label + "] has already been used.";
            send(ex, r);
            return;
        }
        if ((f = fault(SandboxFault.SLOW, tableName)) != null) {
            Thread.sleep(f.duration.toMillis());
        }
        if ((f = fault(SandboxFault.PUBLISH_TIMEOUT, tableName)) != null) {
            entry.state = LoadState.COMMITTED;
            timers.schedule(() -> commit(table, checked, mergeCondition, entry), f.duration.toMillis(), TimeUnit.MILLISECONDS);
            r.status = "Publish Timeout";
            r.message = "Publish timeout. The data will be visible after a while";
            r.loadTimeMs = (System.nanoTime() - started) / 1_000_000;
            send(ex, r);
            return;
        }
        commit(table, checked, mergeCondition, entry);
        if (fault(SandboxFault.RESET_AFTER_BODY, tableName) != null) {
            ex.abort();
            return;
        }
        if (fault(SandboxFault.COMMIT_UNKNOWN, tableName) != null) {
            send(ex, r.fail("Commit transaction fail cause rpc timeout, Transaction status unknown, you can retry with same label."));
            return;
        }
        r.status = "Success";
        r.message = "OK";
        r.loadTimeMs = (System.nanoTime() - started) / 1_000_000;
        send(ex, r);
    }

    private void commit(SandboxTable table, Checked checked, String mergeCondition, Label entry) {
        if (countOnly) {
            table.countOnly(checked.total);
        } else {
            table.apply(checked.rows, mergeCondition);
        }
        entry.state = LoadState.VISIBLE;
        loadsCommitted.incrementAndGet();
    }

    private List<JsonNode> parse(byte[] body, boolean stripOuterArray) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        if (stripOuterArray) {
            JsonNode root = compact.readTree(body);
            if (root == null || !root.isArray()) {
                throw new IllegalArgumentException("the value should be array type with strip_outer_array=true");
            }
            root.forEach(rows::add);
            return rows;
        }
        try (JsonParser p = compact.getFactory().createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException("The value is array type in json document stream, you can set strip_outer_array=true to parse each element of the array as individual rows");
                }
                rows.add(compact.readTree(p));
            }
        }
        return rows;
    }

    /**
     * CSV as spec §1.5: {@code column_separator} (default tab), {@code row_delimiter} (default newline), {@code \\N} =
     * NULL, {@code columns} names. A JSON column's text is read as JSON, as StarRocks stores the document, not the text.
     */
    private List<JsonNode> parseCsv(byte[] body, RawHttpExchange ex, TableSchema schema) {
        String separator = unescape(ex.header("column_separator"), "\t");
        String delimiter = unescape(ex.header("row_delimiter"), "\n");
        String columnsHeader = ex.header("columns");
        List<String> names = new ArrayList<>();
        if (columnsHeader != null) {
            for (String c : columnsHeader.split(",")) {
                if (c.contains("=")) {
                    throw new IllegalArgumentException("the sandbox does not evaluate column expressions: " + c.trim());
                }
                names.add(c.replace("`", "").trim());
            }
        }
        List<JsonNode> rows = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split(Pattern.quote(delimiter), -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(Pattern.quote(separator), -1);
            List<String> target = names.isEmpty() ? columnNames(ex) : names;
            com.fasterxml.jackson.databind.node.ObjectNode row = compact.createObjectNode();
            if (fields.length != target.size()) {
                row.put(MISMATCH, "Value count does not match column count. Expect " + target.size() + ", but got " + fields.length);
                row.put("__row", line);
            } else {
                for (int i = 0; i < fields.length; i++) {
                    int at = schema.indexOf(target.get(i));
                    if (fields[i].equals("\\N")) {
                        row.putNull(target.get(i));
                    } else if (at >= 0 && schema.columns().get(at).type() == ColumnType.JSON) {
                        try {
                            row.set(target.get(i), compact.readTree(fields[i]));
                        } catch (JsonProcessingException e) {
                            row.put(target.get(i), fields[i]); // stored as text: the JSON check refuses what is not JSON
                        }
                    } else {
                        row.put(target.get(i), fields[i]);
                    }
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private List<String> columnNames(RawHttpExchange ex) {
        Matcher m = LOAD_PATH.matcher(ex.path());
        m.matches();
        return databases.get(m.group(1)).get(m.group(2)).schema().columns().stream().map(Column::name).toList();
    }

    private static String unescape(String value, String dflt) {
        String v = value == null ? dflt : value;
        if (v.startsWith("\\x")) {
            StringBuilder out = new StringBuilder();
            for (int i = 2; i + 1 < v.length(); i += 2) {
                out.append((char) Integer.parseInt(v.substring(i, i + 2), 16));
            }
            return out.toString();
        }
        return v.replace("\\t", "\t").replace("\\n", "\n");
    }

    private static final String MISMATCH = "__sandbox_column_count_error";

    private static Checked check(TableSchema schema, List<JsonNode> docs, boolean strict) {
        Checked c = new Checked(docs.size());
        for (JsonNode doc : docs) {
            if (doc.has(MISMATCH)) {
                c.filtered.add("Error: " + doc.get(MISMATCH).asText() + ". Row: " + doc.get("__row").asText());
                continue;
            }
            if (!doc.isObject()) {
                c.filtered.add("Error: the row is not a JSON object. Row: " + doc);
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            try {
                for (Column col : schema.columns()) {
                    row.put(col.name(), ColumnChecker.convert(col, doc.get(col.name())));
                }
                if (doc.has("__op")) {
                    row.put("__op", doc.get("__op").asText());
                }
                c.rows.add(row);
            } catch (ColumnChecker.Filtered f) {
                if (strict || f.getMessage().startsWith("NULL value")) {
                    c.filtered.add("Error: " + f.getMessage() + ". Row: " + doc);
                } else {
                    c.rows.add(row); // non-strict: a value that does not convert becomes NULL
                }
            }
        }
        return c;
    }

    /** Count-only mode for CSV: counts the rows (a last row may lack its delimiter). */
    private static Checked countCsvRows(byte[] body, String delimiter) {
        byte[] d = delimiter.getBytes(StandardCharsets.UTF_8);
        long rows = 0;
        int rowStart = 0;
        for (int i = 0; i + d.length <= body.length; i++) {
            if (body[i] == d[0] && (d.length == 1 || Arrays.equals(body, i, i + d.length, d, 0, d.length))) {
                if (i > rowStart) {
                    rows++;
                }
                i += d.length - 1;
                rowStart = i + 1;
            }
        }
        if (rowStart < body.length) {
            rows++;
        }
        return new Checked((int) rows);
    }

    /** Count-only mode: counts the top-level objects without building them. */
    private static Checked countRows(byte[] body, boolean stripOuterArray) {
        int depth = 0;
        long objects = 0;
        boolean inString = false;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (b == '{' && depth == (stripOuterArray ? 1 : 0)) {
                    objects++;
                }
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        Checked c = new Checked((int) objects);
        return c;
    }

    private FaultRule fault(SandboxFault fault, String table) {
        for (FaultRule f : faults) {
            if (f.fault == fault && (f.table == null || f.table.equals(table)) && f.remaining.getAndDecrement() > 0) {
                return f;
            }
        }
        return null;
    }

    private void send(RawHttpExchange ex, Result r) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("TxnId", r.txnId);
        body.put("Label", r.label);
        body.put("Status", r.status);
        if (r.existingJobStatus != null) {
            body.put("ExistingJobStatus", r.existingJobStatus);
        }
        body.put("Message", r.message);
        body.put("NumberTotalRows", r.totalRows);
        body.put("NumberLoadedRows", r.loadedRows);
        body.put("NumberFilteredRows", r.filteredRows);
        body.put("NumberUnselectedRows", 0);
        body.put("LoadBytes", r.loadBytes);
        body.put("LoadTimeMs", r.loadTimeMs);
        body.put("BeginTxnTimeMs", 0);
        body.put(legacyTimingField ? "StreamLoadPutTimeMs" : "StreamLoadPlanTimeMs", 1);
        body.put("ReadDataTimeMs", 0);
        body.put("WriteDataTimeMs", r.loadTimeMs);
        body.put("CommitAndPublishTimeMs", 0);
        if (r.errorUrl != null) {
            body.put("ErrorURL", r.errorUrl);
        }
        ex.respond(200, "application/json", json.writeValueAsBytes(body));
    }

    private boolean authorized(RawHttpExchange ex) {
        String[] c = credentialsOf(ex);
        return c != null && c[0].equals(user) && c[1].equals(password);
    }

    private static String[] credentialsOf(RawHttpExchange ex) {
        String auth = ex.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void remember(String node, RawHttpExchange ex) {
        if (seen.size() < 10_000) {
            seen.add(new SeenRequest(node, ex.method(), ex.path(), Map.copyOf(new LinkedHashMap<>(ex.headers()))));
        }
    }

    @Override
    public void close() throws IOException {
        fe.close();
        be.close();
        timers.shutdownNow();
    }

    /** A Stream Load a BE served: its table and label, and when it started and ended (System.nanoTime). */
    public record ServedLoad(String table, String label, long started, long ended) {
        public boolean overlaps(ServedLoad other) {
            return started < other.ended && other.started < ended;
        }
    }

    /** A request as the sandbox received it (header names as sent). */
    public record SeenRequest(String node, String method, String path, Map<String, String> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private record FaultRule(SandboxFault fault, String table, AtomicInteger remaining, Duration duration) {
    }

    private static final class Label {
        final long txnId;
        volatile LoadState state = LoadState.PREPARE;

        Label(long txnId) {
            this.txnId = txnId;
        }
    }

    private static final class Checked {
        final int total;
        final List<Map<String, Object>> rows = new ArrayList<>();
        final List<String> filtered = new ArrayList<>();

        Checked(int total) {
            this.total = total;
        }
    }

    private static final class Result {
        long txnId = -1;
        final String label;
        String status;
        String existingJobStatus;
        String message;
        long totalRows;
        long loadedRows;
        long filteredRows;
        long loadBytes;
        long loadTimeMs;
        String errorUrl;

        Result(String label) {
            this.label = label;
        }

        Result fail(String message) {
            this.status = "Fail";
            this.message = message;
            return this;
        }
    }
}
