package bi.ingest.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;

/**
 * The Kafka cluster as the service's clients see it (the same brokers, SASL and TLS settings): health {@code kafka}
 * pings it, and start-up fails at once with a clear message when it refuses the credentials, instead of consumers
 * retrying in silence. An unreachable cluster only warns: the routes keep trying and health says DOWN.
 */
public class KafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);

    private final Admin admin;
    private final String brokers;
    private final String security;
    private final KafkaProperties props;

    public KafkaCluster(Map<String, Object> adminSettings, KafkaProperties props) {
        this.admin = Admin.create(adminSettings);
        this.brokers = String.valueOf(adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.security = adminSettings.getOrDefault(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
                + (adminSettings.containsKey("sasl.mechanism") ? " " + adminSettings.get("sasl.mechanism") : "");
        this.props = props;
    }

    /** The admin client (lag metric, health); shared, closed with this bean. */
    public Admin admin() {
        return admin;
    }

    /** Called once at start-up, before the routes start. */
    public void checkAtStartup() {
        try {
            int nodes = describe(props.getStartupCheckTimeout());
            LOG.info("Kafka at {} ({}) answers: {} broker(s)", brokers, security, nodes);
        } catch (SslAuthenticationException e) {
            throw new IllegalStateException("Kafka at " + brokers + ": the TLS handshake failed (" + security + "): "
                    + sentence(e) + " Check camel.component.kafka.ssl-truststore-location, -type and -password.", e);
        } catch (AuthenticationException e) {
            throw new IllegalStateException("Kafka at " + brokers + " refused the service's credentials (" + security + "): "
                    + sentence(e) + " Check camel.component.kafka.security-protocol, sasl-mechanism and sasl-jaas-config.", e);
        } catch (TimeoutException e) {
            LOG.warn("Kafka at {} ({}) did not answer within {}; the routes keep trying, health 'kafka' is DOWN until it does",
                    brokers, security, props.getStartupCheckTimeout());
        } catch (RuntimeException e) {
            LOG.warn("Kafka at {} ({}) not usable yet: {}; the routes keep trying", brokers, security, e.toString());
        }
    }

    /** Health {@code kafka}: UP with the number of brokers that answered, DOWN with why not. */
    public Health health() {
        try {
            int nodes = describe(props.getHealthTimeout());
            return Health.up().withDetail("brokers", brokers).withDetail("nodes", nodes).build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("brokers", brokers).withDetail("error", "no answer within " + props.getHealthTimeout()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("brokers", brokers).withDetail("error", e.toString()).build();
        }
    }

    /** The number of brokers; throws the client's own exception (authentication, ...) or a timeout. */
    private int describe(Duration timeout) throws TimeoutException {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        try {
            return cluster.nodes().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new TimeoutException(e.getCause().getMessage());
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka at " + brokers, e);
        }
    }

    private static String sentence(Exception e) {
        String m = String.valueOf(e.getMessage()).trim();
        return m.endsWith(".") ? m : m + ".";
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
