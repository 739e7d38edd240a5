package bi.ingest.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal HTTP/1.1 server on plain sockets, one request per connection. Written by hand because the sandbox must
 * control {@code 100 Continue} exactly (the FE never sends it, the BE only after its header checks) and be able to
 * drop a connection after reading a body; the JDK's HttpServer answers 100 Continue before any handler runs.
 */
public final class RawHttpServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RawHttpServer.class);

    /** Handles one request; must respond or abort. */
    public interface Handler {
        void handle(RawHttpExchange exchange) throws Exception;
    }

    private final String name;
    private final ServerSocket server;
    private final ExecutorService workers;
    private final Handler handler;
    private volatile boolean running = true;

    public RawHttpServer(String name, int port, Handler handler) throws IOException {
        this.name = name;
        this.handler = handler;
        this.server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress());
        this.server.setReuseAddress(true);
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-" + name);
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::acceptLoop, "sandbox-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket socket = server.accept();
                workers.execute(() -> serve(socket));
            } catch (IOException e) {
                if (running) {
                    LOG.warn("{}: accept failed: {}", name, e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(120_000);
            socket.setTcpNoDelay(true);
            RawHttpExchange exchange = RawHttpExchange.read(socket);
            if (exchange == null) {
                return;
            }
            try {
                handler.handle(exchange);
            } catch (Exception e) {
                LOG.warn("{}: handler failed for {} {}: {}", name, exchange.method(), exchange.path(), e.toString());
                if (!exchange.isDone()) {
                    exchange.respond(500, "text/plain", e.toString().getBytes());
                }
            }
            if (!exchange.isDone()) {
                exchange.respond(500, "text/plain", "no response".getBytes());
            }
        } catch (SocketException e) {
            LOG.debug("{}: connection closed: {}", name, e.getMessage());
        } catch (IOException e) {
            LOG.debug("{}: I/O error: {}", name, e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
        workers.shutdownNow();
    }
}
