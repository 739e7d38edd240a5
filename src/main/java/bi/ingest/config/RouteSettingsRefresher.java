package bi.ingest.config;

import bi.ingest.load.LoadPathProperties;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Route settings that are fixed when a route starts, applied to running routes.
 * <ul>
 * <li>Crons ({@code bi.jushuitan.pull.schedule.*}, the housekeeping, lag and backfill-dispatch schedules): the
 * route's Quartz trigger is rescheduled with the new expression, in its zone.</li>
 * <li>The load routes' batch settings ({@code bi.load.consumer.max-batch-records}, {@code poll-timeout-ms},
 * {@code batching-interval-ms}) are Kafka endpoint options, fixed when a consumer starts: they are set on each load
 * route's endpoint and the route is restarted. The stop is graceful: the batch in flight is loaded and committed
 * (or, past the shutdown timeout, polled again by the restarted consumer), so nothing is lost or loaded twice.</li>
 * </ul>
 */
public class RouteSettingsRefresher {

    static final Set<String> BATCH_KEYS = Set.of("bi.load.consumer.max-batch-records", "bi.load.consumer.poll-timeout-ms",
            "bi.load.consumer.batching-interval-ms");

    private static final Logger LOG = LoggerFactory.getLogger(RouteSettingsRefresher.class);

    /** The schedules and the routes whose Quartz trigger each one sets. */
    private static final Map<String, String> FIXED_SCHEDULES = Map.of(
            "bi.jushuitan.pull.housekeeping-schedule", "jushuitan-pull-housekeeping",
            "bi.load.lag-schedule", "load-consumer-lag",
            "bi.backfill.dispatch-schedule", "backfill-dispatch");
    private static final String PULL_SCHEDULE = "bi.jushuitan.pull.schedule.";

    private final CamelContext camel;
    private final LoadPathProperties props;
    private final Function<String, String> settings;

    /** @param settings the current value of a setting (the Spring environment) */
    public RouteSettingsRefresher(CamelContext camel, LoadPathProperties props, Function<String, String> settings) {
        this.camel = camel;
        this.props = props;
        this.settings = settings;
    }

    /** Applies the changed settings (already bound to the properties); returns the keys applied. */
    public Set<String> refresh(Set<String> changed) {
        Set<String> applied = new TreeSet<>(rescheduled(changed));
        applied.addAll(batchSettings(changed));
        return applied;
    }

    private Set<String> rescheduled(Set<String> changed) {
        Set<String> applied = new TreeSet<>();
        for (String key : changed) {
            String routeId = key.startsWith(PULL_SCHEDULE) ? "jushuitan-pull-" + key.substring(PULL_SCHEDULE.length())
                    : FIXED_SCHEDULES.get(key);
            Route route = routeId == null ? null : camel.getRoute(routeId);
            if (route != null && route.getEndpoint() instanceof QuartzEndpoint quartz) {
                String cron = settings.apply(key);
                try {
                    Scheduler scheduler = quartz.getComponent().getScheduler();
                    CronTrigger old = (CronTrigger) scheduler.getTrigger(quartz.getTriggerKey());
                    Trigger next = old.getTriggerBuilder()
                            .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(old.getTimeZone())).build();
                    scheduler.rescheduleJob(old.getKey(), next);
                    quartz.setCron(cron);
                    applied.add(key);
                    LOG.info("route {} rescheduled: {} (next at {})", routeId, cron, next.getNextFireTime());
                } catch (Exception e) {
                    LOG.error("could not reschedule route {} with {} = \"{}\": {}", routeId, key, cron, e.toString());
                }
            }
        }
        return applied;
    }

    private Set<String> batchSettings(Set<String> changed) {
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
