package bi.ingest.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bi.kafka.*}: how the service checks its Kafka cluster. The clients' own settings (brokers, acks, SASL, TLS)
 * are Camel's Kafka component options, {@code camel.component.kafka.*}; this only adds the checks.
 */
@ConfigurationProperties("bi.kafka")
public class KafkaProperties {

    /** How long start-up waits for the cluster: refused credentials stop the start, no answer only warns. */
    private Duration startupCheckTimeout = Duration.ofSeconds(15);
    /** How long the health check waits for the cluster's answer. */
    private Duration healthTimeout = Duration.ofSeconds(5);

    public Duration getStartupCheckTimeout() { return startupCheckTimeout; }
    public void setStartupCheckTimeout(Duration startupCheckTimeout) { this.startupCheckTimeout = startupCheckTimeout; }
    public Duration getHealthTimeout() { return healthTimeout; }
    public void setHealthTimeout(Duration healthTimeout) { this.healthTimeout = healthTimeout; }
}
