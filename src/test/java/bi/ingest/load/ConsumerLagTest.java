package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.OrderGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The consumer-lag metric against what Kafka's admin client reports for the same group. */
class ConsumerLagTest extends LoadPathTestSupport {

    @Autowired
    ConsumerLag lag;

    @Autowired
    MeterRegistry meters;

    @Test
    void theLagPerPartitionIsWhatTheAdminClientReportsAndFallsToZeroOnceLoaded() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        camel.getRouteController().stopRoute(ROUTE);
        try {
            FEED.send(account("lag"), new OrderGenerator(9_100_000), 40);
            lag.refresh();
            Map<TopicPartition, OffsetAndMetadata> committed = KAFKA.admin().listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            long total = 0;
            for (Map.Entry<TopicPartition, Long> end : KAFKA.endOffsets(TOPIC).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey()); // none yet: the topic starts at offset 0
                long expected = end.getValue() - (done == null ? 0 : done.offset());
                total += expected;
                assertThat(gauge(end.getKey())).as("lag of %s", end.getKey()).isEqualTo(expected);
            }
            assertThat(total).isEqualTo(40);
        } finally {
            camel.getRouteController().startRoute(ROUTE);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        lag.refresh();
        KAFKA.endOffsets(TOPIC).keySet().forEach(tp -> assertThat(gauge(tp)).isZero());
    }

    private double gauge(TopicPartition tp) {
        return meters.get("bi.kafka.consumer.lag").tag("group", GROUP).tag("topic", tp.topic())
                .tag("partition", Integer.toString(tp.partition())).gauge().value();
    }
}
