package bi.ingest.load;

import bi.ingest.streamload.FinalLoadException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Stops a load route when StarRocks refuses a batch for a reason no retry fixes: one clear log line, health DOWN,
 * and no offset committed after it. Starting the route again (JMX) clears the halt.
 */
public class LoadPathGuard implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(LoadPathGuard.class);

    /** Halted load routes by route id; each route halts and resumes on its own. */
    private final Map<String, Halt> halts = new ConcurrentHashMap<>();

    /** Called from the route's onException for {@link FinalLoadException}. */
    public void halt(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getFromRouteId();
        String reason = cause == null ? "unknown" : cause.getMessage();
        String errorUrl = cause instanceof FinalLoadException f ? f.errorUrl() : null;
        if (halts.putIfAbsent(routeId, new Halt(routeId, reason, errorUrl)) == null) {
            LOG.error("LOAD PATH HALTED route={} reason=\"{}\"{} — offsets are not committed; fix the cause, then start route {} again",
                    routeId, reason, errorUrl == null ? "" : " ErrorURL=" + errorUrl, routeId);
            stopRouteAsync(exchange.getContext(), routeId);
        }
    }

    /** A batch of a halted route must not commit, even if it was already past its loads when the halt came. */
    public void checkNotHalted(String routeId) {
        Halt h = halts.get(routeId);
        if (h != null) {
            throw new IllegalStateException("route " + routeId + " is halted (" + h.reason + "); refusing to commit offsets");
        }
    }

    /** Clears the halt, e.g. when an operator starts the route again. */
    public void resume(String routeId) {
        if (halts.remove(routeId) != null) {
            LOG.info("load path resumed: route {} started again", routeId);
        }
    }

    /** Ids of the halted load routes. */
    public java.util.Set<String> haltedRoutes() {
        return java.util.Set.copyOf(halts.keySet());
    }

    @Override
    public Health health() {
        if (halts.isEmpty()) {
            return Health.up().build();
        }
        Halt h = halts.values().iterator().next();
        Health.Builder b = Health.down().withDetail("route", h.routeId).withDetail("reason", h.reason)
                .withDetail("haltedRoutes", halts.keySet());
        if (h.errorUrl != null) {
            b.withDetail("errorUrl", h.errorUrl);
        }
        return b.build();
    }

    private static void stopRouteAsync(CamelContext context, String routeId) {
        // a route cannot wait for its own in-flight exchange to finish, so it is stopped from another thread
        Thread t = new Thread(() -> {
            try {
                context.getRouteController().stopRoute(routeId);
            } catch (Exception e) {
                LOG.warn("could not stop route {}: {}", routeId, e.getMessage());
            }
        }, "halt-" + routeId);
        t.setDaemon(true);
        t.start();
    }

    private record Halt(String routeId, String reason, String errorUrl) {
    }
}
