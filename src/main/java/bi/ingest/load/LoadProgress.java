package bi.ingest.load;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health {@code loadProgress}: a load route whose consumer group has lag (records not committed yet) and that has
 * committed nothing for {@code bi.load.stuck-after} is DOWN, with its lag and the time since its last commit: the
 * route may show "Started" while nothing moves (StarRocks refusing for good, a consumer that keeps dying, a stopped
 * route). The lag comes from {@link ConsumerLag} (refreshed by the route {@code load-consumer-lag}); the quiet time
 * counts from the last commit, or from when the lag appeared if that is later.
 */
public class LoadProgress implements HealthIndicator {

    private final LoadPathProperties props;
    private final Clock clock;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    private static final class Group {
        volatile Instant lastCommit;
        volatile long lag;
        volatile Instant laggingSince;
    }

    public LoadProgress(LoadPathProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    /** A batch of the flow's route was committed. */
    void committed(String flow) {
        group(props.getConsumer().getGroupId() + "." + flow).lastCommit = clock.instant();
    }

    /** The group's lag over all its partitions, as just measured. */
    void lagMeasured(String group, long lag) {
        Group g = group(group);
        if (lag > 0 && g.lag == 0) {
            g.laggingSince = clock.instant();
        }
        g.lag = lag;
    }

    private Group group(String name) {
        return groups.computeIfAbsent(name, n -> new Group());
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Duration stuckAfter = props.getStuckAfter();
        Map<String, Object> stuck = new TreeMap<>();
        groups.forEach((name, g) -> {
            Instant quietSince = later(g.lastCommit, g.laggingSince);
            if (g.lag > 0 && quietSince != null && Duration.between(quietSince, now).compareTo(stuckAfter) > 0) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("lag", g.lag);
                detail.put("sinceLastCommit", g.lastCommit == null ? "no commit since start"
                        : Duration.between(g.lastCommit, now).withNanos(0).toString());
                detail.put("quietFor", Duration.between(quietSince, now).withNanos(0).toString());
                stuck.put(name, detail);
            }
        });
        if (stuck.isEmpty()) {
            return Health.up().withDetail("stuckAfter", stuckAfter.toString()).build();
        }
        return Health.down().withDetail("stuckAfter", stuckAfter.toString()).withDetail("stuck", stuck).build();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
