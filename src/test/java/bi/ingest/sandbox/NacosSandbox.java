package bi.ingest.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Nacos config server as its HTTP Open API v1 answers (Nacos 1.x/2.x): {@code POST /nacos/v1/auth/login} (form
 * username, password → accessToken, tokenTtl), {@code GET /nacos/v1/cs/configs} (dataId, group, tenant;
 * {@code accessToken} when auth is on: 403 without; 404 "config data not exist"), and {@code POST
 * /nacos/v1/cs/configs} to publish (what an operator does in the console). Stops and starts on the same port.
 */
public final class NacosSandbox implements AutoCloseable {

    private final int port;
    private final String user;
    private final String password;
    private final Map<String, String> configs = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reads = new AtomicInteger();
    private HttpServer server;

    /** @param user null = authentication off */
    public NacosSandbox(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
        TestSecrets.remember(password);
    }

    public synchronized void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/nacos/v1/auth/login", this::login);
        server.createContext("/nacos/v1/cs/configs", this::configs);
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public void publish(String namespace, String group, String dataId, String content) {
        configs.put(key(namespace, group, dataId), content);
    }

    public int reads() {
        return reads.get();
    }

    private void login(HttpExchange ex) throws IOException {
        Map<String, String> form = params(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        form.putAll(params(ex.getRequestURI().getRawQuery()));
        if (!"POST".equals(ex.getRequestMethod()) || user == null || !user.equals(form.get("username"))
                || !password.equals(form.get("password"))) {
            send(ex, 403, "text/plain", "unknown user!");
            return;
        }
        String token = "nacos-" + UUID.randomUUID();
        tokens.add(token);
        TestSecrets.remember(token);
        send(ex, 200, "application/json", "{\"accessToken\":\"" + token + "\",\"tokenTtl\":18000,\"globalAdmin\":false,\"username\":\"" + user + "\"}");
    }

    private void configs(HttpExchange ex) throws IOException {
        Map<String, String> q = params(ex.getRequestURI().getRawQuery());
        if ("POST".equals(ex.getRequestMethod())) {
            q.putAll(params(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        }
        if (user != null && !tokens.contains(q.getOrDefault("accessToken", ""))) {
            send(ex, 403, "text/plain", "user not found!");
            return;
        }
        String key = key(q.getOrDefault("tenant", ""), q.getOrDefault("group", "DEFAULT_GROUP"), q.get("dataId"));
        if ("POST".equals(ex.getRequestMethod())) {
            configs.put(key, q.getOrDefault("content", ""));
            send(ex, 200, "application/json", "true");
            return;
        }
        reads.incrementAndGet();
        String content = configs.get(key);
        if (content == null) {
            send(ex, 404, "text/plain", "config data not exist");
        } else {
            send(ex, 200, "text/plain;charset=UTF-8", content);
        }
    }

    private static String key(String namespace, String group, String dataId) {
        return namespace + "|" + group + "|" + dataId;
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        stop();
    }
}
