package bi.ingest.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** One Kafka broker and one Stream Load sandbox per test JVM, started on first use and shared by the test classes. */
public final class TestSandboxes {

    public static final String STREAMLOAD_USER = "loader";
    /** A throwaway credential; the log-capture test checks it never appears in a log line. */
    public static final String STREAMLOAD_PASSWORD = "sandbox-pw-7f3a91";

    /** Admin API credentials of the tests (throwaway; the log checks look for the password). */
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-pw-3c9e1d";
    public static final String VIEWER_USER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-pw-58b20f";

    /** The key encrypting app secrets and tokens in the tests' databases (base64 of 32 bytes). */
    public static final String SECRETS_KEY = "dGVzdC1vbmx5LWtleS1vZi1iaS1pbmdlc3QtMzJieXQ=";

    private static KafkaSandbox kafka;
    private static JushuitanSandbox jushuitan;
    private static StreamLoadSandbox streamLoad;

    private TestSandboxes() {
    }

    /**
     * The shared broker, with the service's topics created at once: a service process started by a test would
     * otherwise auto-create them with one partition before the test classes that want three get to them.
     */
    public static synchronized KafkaSandbox kafka() {
        if (kafka == null) {
            kafka = KafkaSandbox.start();
            kafka.createTopic("erp.jushuitan.orders", 3);
            kafka.createTopic("erp.jushuitan.orders.dlq", 1);
            for (String entity : new String[] {"refunds", "inventory", "skus", "shops"}) {
                kafka.createTopic("erp.jushuitan." + entity, 2);
                kafka.createTopic("erp.jushuitan." + entity + ".dlq", 1);
            }
            kafka.createTopic(LekeFeed.ORDERS, 3);
            kafka.createTopic(LekeFeed.REFUNDS, 2);
            kafka.createTopic(LekeFeed.STOCK, 2);
            ServiceClassData.buildInBackground(); // its training run needs the broker; service processes come later
        }
        return kafka;
    }

    public static synchronized JushuitanSandbox jushuitan() {
        if (jushuitan == null) {
            jushuitan = JushuitanSandbox.start();
            // two test JVMs and the service processes share two cores: a call may be noticed 300 ms late
            jushuitan.setArrivalJitter(Duration.ofMillis(300));
        }
        return jushuitan;
    }

    public static synchronized StreamLoadSandbox streamLoad() {
        if (streamLoad == null) {
            try {
                streamLoad = StreamLoadSandbox.start(STREAMLOAD_USER, STREAMLOAD_PASSWORD);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return streamLoad;
    }
}
