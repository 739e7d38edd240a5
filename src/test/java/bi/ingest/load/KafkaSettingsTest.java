package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.junit.jupiter.api.Test;

/** The typed Kafka settings of application.yml reach every Kafka endpoint of every route, consumers and producers. */
class KafkaSettingsTest extends LoadPathTestSupport {

    @Test
    void everyKafkaEndpointCarriesTheConfiguredSettings() {
        List<KafkaEndpoint> endpoints = camel.getEndpoints().stream().filter(KafkaEndpoint.class::isInstance)
                .map(KafkaEndpoint.class::cast).toList();
        List<String> consumers = camel.getRoutes().stream().map(Route::getEndpoint).filter(KafkaEndpoint.class::isInstance)
                .map(e -> e.getEndpointUri()).toList();
        assertThat(consumers).as("the load routes consume Kafka").hasSizeGreaterThanOrEqualTo(6);
        KafkaEndpoint leke = (KafkaEndpoint) camel.getRoute("load-leke").getEndpoint();
        assertThat(leke.getConfiguration().isTopicIsPattern()).as("Leke: one route for every matching topic").isTrue();
        assertThat(leke.getConfiguration().getTopic()).isEqualTo("erp\\.leke\\.[^.]+");
        assertThat(leke.getConfiguration().getGroupId()).isEqualTo(GROUP_PREFIX + ".leke");
        assertThat(endpoints.size()).as("producers too (pulls, pushes, dead letters)").isGreaterThan(consumers.size());
        for (Route r : camel.getRoutes()) {
            if (r.getEndpoint() instanceof KafkaEndpoint load) {
                KafkaConfiguration c = load.getConfiguration();
                assertThat(c.getValueDeserializer()).as(r.getRouteId()).isEqualTo(BatchBytesDeserializer.class.getName());
                assertThat(c.getAdditionalProperties()).as(r.getRouteId())
                        .containsEntry(BatchBytesDeserializer.MAX_BATCH_BYTES, "16777216");
                assertThat(c.getFetchMaxBytes()).as(r.getRouteId()).isEqualTo(16 * 1024 * 1024);
                assertThat(load.getKafkaClientFactory()).as(r.getRouteId() + ": reads nothing more while its batch is full")
                        .isInstanceOf(BatchBoundedKafkaClientFactory.class);
            }
        }
        for (KafkaEndpoint e : endpoints) {
            KafkaConfiguration c = e.getConfiguration();
            assertThat(c.getRequestRequiredAcks()).as(e.getEndpointUri()).isEqualTo("all");
            assertThat(c.isEnableIdempotence()).as(e.getEndpointUri()).isTrue();
            assertThat(c.getCompressionCodec()).as(e.getEndpointUri()).isEqualTo("lz4");
            assertThat(c.getLingerMs()).as(e.getEndpointUri()).isEqualTo(5);
            assertThat(c.getRetryBackoffMs()).isEqualTo(100);
            assertThat(c.getRetryBackoffMaxMs()).isEqualTo(1000);
            assertThat(c.getDeliveryTimeoutMs()).isEqualTo(120000);
            assertThat(c.getIsolationLevel()).as(e.getEndpointUri()).isEqualTo("read_committed");
            assertThat(c.getMetadataMaxAgeMs()).as("the tests' setting (application.yml: 60 s)").isEqualTo(5000);
            assertThat(c.getSessionTimeoutMs()).isEqualTo(45000);
            assertThat(c.getSecurityProtocol()).isEqualTo("PLAINTEXT");
        }
    }
}
