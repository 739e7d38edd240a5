package bi.ingest.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The service's own Kafka clients (admin: lag, health, start-up check) with the Kafka component's settings. */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    /**
     * Camel's Kafka component holds the typed settings of every endpoint ({@code camel.component.kafka.*}); the admin
     * client takes those it knows (brokers, security, SASL, TLS, timeouts), so it connects as the routes do.
     */
    @Bean(initMethod = "checkAtStartup", destroyMethod = "close")
    KafkaCluster kafkaCluster(CamelContext camel, KafkaProperties props) {
        org.apache.camel.component.kafka.KafkaConfiguration kafka = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Properties consumer = kafka.createConsumerProperties();
        Map<String, Object> admin = new HashMap<>();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        consumer.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains((String) k)) {
                admin.put((String) k, v);
            }
        });
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, "bi-ingest-admin");
        return new KafkaCluster(admin, props);
    }

    /** Health {@code kafka} (readiness group): the cluster answers. */
    @Bean
    HealthIndicator kafkaHealthIndicator(KafkaCluster cluster) {
        return cluster::health;
    }
}
