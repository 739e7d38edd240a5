package bi.ingest.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** One request on a {@link RawHttpServer} connection; the handler decides when to send 100 Continue and read the body. */
public final class RawHttpExchange {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String method;
    private final String path;
    private final String rawQuery;
    private final String version;
    private final Map<String, String> headers;
    private boolean done;

    private RawHttpExchange(Socket socket, InputStream in, String method, String target, String version,
                            Map<String, String> headers) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.method = method;
        int q = target.indexOf('?');
        this.path = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? null : target.substring(q + 1);
        this.version = version;
        this.headers = headers;
    }

    static RawHttpExchange read(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3) {
            throw new IOException("bad request line: " + requestLine);
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
        }
        return new RawHttpExchange(socket, in, parts[0], parts[1], parts[2], headers);
    }

    public String method() { return method; }
    public String path() { return path; }
    public String rawQuery() { return rawQuery; }
    public String version() { return version; }
    public Map<String, String> headers() { return headers; }
    public boolean isDone() { return done; }

    public String header(String name) {
        return headers.get(name);
    }

    public Map<String, String> query() {
        Map<String, String> q = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.put(k, v);
            }
        }
        return q;
    }

    public boolean expectsContinue() {
        String e = header("Expect");
        return e != null && e.toLowerCase().contains("100-continue");
    }

    public void sendContinue() throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Content-Length as declared, or -1 (chunked or absent). */
    public long declaredLength() {
        String cl = header("Content-Length");
        return cl == null ? -1 : Long.parseLong(cl.trim());
    }

    /** Reads the body: exactly Content-Length bytes (fewer if the peer stops early), or all chunks. */
    public byte[] readBody() throws IOException {
        String te = header("Transfer-Encoding");
        if (te != null && te.toLowerCase().contains("chunked")) {
            return readChunked();
        }
        long length = declaredLength();
        if (length <= 0) {
            return new byte[0];
        }
        return in.readNBytes((int) length);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                break;
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = readLine(in);
                    if (trailer == null || trailer.isEmpty()) {
                        break;
                    }
                }
                break;
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
        return body.toByteArray();
    }

    public void respond(int status, String contentType, byte[] body) throws IOException {
        respond(status, contentType, body, Map.of());
    }

    public void respond(int status, String contentType, byte[] body, Map<String, String> extraHeaders) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        extraHeaders.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        done = true;
    }

    /** Drops the connection without an answer (an RST), as a crashed or restarted BE would. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
        done = true;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 307 -> "Temporary Redirect";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            default -> "Status";
        };
    }
}
