package bi.ingest.config;

import bi.ingest.load.LoadPathProperties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch settings of the load routes ({@code bi.load.consumer.max-batch-records}, {@code poll-timeout-ms},
 * {@code batching-interval-ms}) are Kafka endpoint options, fixed when a consumer starts: they are set on each load
 * route's endpoint and the route is restarted. The stop is graceful: the batch in flight is loaded and committed
 * (or, past the shutdown timeout, polled again by the restarted consumer), so nothing is lost or loaded twice.
 */
public class RouteSettingsRefresher {

    static final Set<String> BATCH_KEYS = Set.of("bi.load.consumer.max-batch-records", "bi.load.consumer.poll-timeout-ms",
            "bi.load.consumer.batching-interval-ms");

    private static final Logger LOG = LoggerFactory.getLogger(RouteSettingsRefresher.class);

    private final CamelContext camel;
    private final LoadPathProperties props;

    public RouteSettingsRefresher(CamelContext camel, LoadPathProperties props) {
        this.camel = camel;
        this.props = props;
    }

    /** Applies the changed batch settings (already bound to the properties); returns the keys applied. */
    public Set<String> refresh(Set<String> changed) {
        Set<String> applied = new TreeSet<>(changed);
        applied.retainAll(BATCH_KEYS);
        if (applied.isEmpty()) {
            return applied;
        }
        Set<String> restarted = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            if (route.getRouteId().startsWith("load-") && route.getEndpoint() instanceof KafkaEndpoint kafka
                    && kafka.getConfiguration().isBatching()) {
                KafkaConfiguration c = kafka.getConfiguration();
                c.setMaxPollRecords(props.getConsumer().getMaxBatchRecords());
                c.setPollTimeoutMs(props.getConsumer().getPollTimeoutMs());
                c.setBatchingIntervalMs((int) props.getConsumer().getBatchingIntervalMs());
                try {
                    camel.getRouteController().stopRoute(route.getRouteId());
                    camel.getRouteController().startRoute(route.getRouteId());
                    restarted.add(route.getRouteId());
                } catch (Exception e) {
                    LOG.error("could not restart route {} with the new batch settings: {}", route.getRouteId(), e.toString(), e);
                    return Set.of();
                }
            }
        }
        LOG.info("load routes {} restarted with max-batch-records={} poll-timeout-ms={} batching-interval-ms={}", restarted,
                props.getConsumer().getMaxBatchRecords(), props.getConsumer().getPollTimeoutMs(),
                props.getConsumer().getBatchingIntervalMs());
        return applied;
    }
}
