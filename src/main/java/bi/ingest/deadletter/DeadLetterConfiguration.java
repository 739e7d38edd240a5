package bi.ingest.deadletter;

import bi.ingest.load.LoadPathProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The dead-letter admin API's beans; its Kafka clients take the Kafka component's settings (brokers, SASL, TLS). */
@Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    DeadLetterTopics deadLetterTopics(CamelContext camel, LoadPathProperties load) {
        KafkaConfiguration kafka = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        return new DeadLetterTopics(() -> {
            Properties p = kafka.createConsumerProperties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
            p.remove(ConsumerConfig.GROUP_ID_CONFIG); // assign and seek: reading the DLQ commits nothing
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bi-ingest-dlq-reader");
            return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }, load.getDeadLetterSuffix());
    }

    @Bean(destroyMethod = "close")
    DeadLetterReplays deadLetterReplays(CamelContext camel, JdbcTemplate jdbc, MeterRegistry meters, Clock clock) {
        KafkaConfiguration kafka = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        return new DeadLetterReplays(jdbc, () -> {
            Properties p = kafka.createProducerProperties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "bi-ingest-dlq-replay");
            return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }, meters, clock);
    }

    @Bean
    DeadLetterAdmin deadLetterAdmin(DeadLetterTopics topics, DeadLetterReplays replays) {
        return new DeadLetterAdmin(topics, replays);
    }
}
