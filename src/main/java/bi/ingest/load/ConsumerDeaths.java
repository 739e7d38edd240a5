package bi.ingest.load;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * What happens when a Kafka consumer's polling loop ends by an error ({@link WatchedThreadPoolFactory} sees it): an
 * ERROR line with the route, the thread, the partitions it last polled and the error; health {@code loadConsumers}
 * DOWN; and after {@link #RESTART_DELAY} the route is restarted, so it polls again from its committed offsets (a batch
 * is committed only after it is loaded, so nothing is lost). A route that keeps dying keeps being restarted, with an
 * ERROR each time, and health {@code loadProgress} reports it DOWN once it has committed nothing for
 * {@code bi.load.stuck-after}.
 */
public class ConsumerDeaths implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerDeaths.class);
    /** Long enough not to spin on an error that comes back at once, short against the stuck-after time. */
    static final Duration RESTART_DELAY = Duration.ofSeconds(5);

    private final MeterRegistry meters;
    private volatile CamelContext camel;
    /** Routes whose consumer died and that are not consuming again yet, by route id. */
    private final Map<String, Death> dead = new ConcurrentHashMap<>();

    private record Death(String thread, String error, String partitions, Instant at) {
    }

    public ConsumerDeaths(MeterRegistry meters) {
        this.meters = meters;
    }

    public void setCamelContext(CamelContext camel) {
        this.camel = camel;
    }

    /** Called on the dying consumer thread. */
    void died(Thread thread, Throwable error) {
        String topic = topicOf(thread.getName());
        String partitions = PartitionBatchCutter.partitionsPolledOnThisThread();
        Optional<String> route = routeReading(topic);
        String routeId = route.orElse("(no route reads " + topic + ")");
        boolean restart = route.isPresent() && !camel.isStopping() && !camel.isStopped();
        LOG.error("LOAD CONSUMER DIED route={} thread=\"{}\" partitions={} error={} — {}", routeId, thread.getName(),
                partitions, error, restart ? "restarting the route in " + RESTART_DELAY.toSeconds()
                        + " s; it polls again from its committed offsets" : "not restarted (no route, or the service is stopping)",
                error);
        Counter.builder("bi.load.consumer.deaths").description("load route consumer threads ended by an error")
                .tag("route", routeId).register(meters).increment();
        route.filter(id -> restart).ifPresent(id -> {
            dead.put(id, new Death(thread.getName(), String.valueOf(error), partitions, Instant.now()));
            restartLater(id);
        });
    }

    private void restartLater(String routeId) {
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(RESTART_DELAY.toMillis());
                camel.getRouteController().stopRoute(routeId);
                camel.getRouteController().startRoute(routeId);
                dead.remove(routeId);
                LOG.warn("load route {} restarted after its consumer died; consuming again", routeId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.error("load route {} could not be restarted after its consumer died: {}; start it again through JMX",
                        routeId, e.toString(), e);
            }
        }, "restart-" + routeId);
        restart.setDaemon(true);
        restart.start();
    }

    /** The topic of a Camel Kafka consumer thread, named {@code ... - KafkaConsumer[<topic>]}. */
    static String topicOf(String threadName) {
        int from = threadName.indexOf("KafkaConsumer[");
        return from < 0 || !threadName.endsWith("]") ? threadName
                : threadName.substring(from + "KafkaConsumer[".length(), threadName.length() - 1);
    }

    private Optional<String> routeReading(String topic) {
        if (camel == null) {
            return Optional.empty();
        }
        return camel.getRoutes().stream()
                .filter(r -> r.getEndpoint() instanceof KafkaEndpoint k && topic.equals(k.getConfiguration().getTopic()))
                .map(Route::getRouteId).findFirst();
    }

    @Override
    public Health health() {
        if (dead.isEmpty()) {
            return Health.up().build();
        }
        Health.Builder down = Health.down();
        dead.forEach((route, d) -> down.withDetail(route, Map.of("thread", d.thread(), "error", d.error(),
                "partitions", d.partitions(), "diedAt", d.at().toString())));
        return down.build();
    }
}
