package bi.ingest.config;

import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.load.LoadPathProperties;
import bi.ingest.streamload.StreamLoadProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Asks Nacos every {@code bi.nacos.poll-interval}; when the config changed, replaces the {@code nacos} property
 * source and applies what can change safely: settings read at every use are re-bound (Stream Load's endpoint,
 * database, credentials and per-load timeouts, the record limit), the ERP rate limits apply at the next call, the load routes restart with new batch settings and Quartz routes take new crons. Other changed keys are
 * named in a WARN: they apply at the next start.
 */
public class NacosConfigWatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(NacosConfigWatcher.class);

    /** Settings the code reads at every use (not once at start), so a re-bind is all they need. */
    static final Set<String> LIVE = Set.of("bi.streamload.fe-url", "bi.streamload.database", "bi.streamload.username",
            "bi.streamload.password", "bi.streamload.load-timeout-seconds", "bi.streamload.max-redirects",
            "bi.streamload.label-state-max-wait", "bi.streamload.label-state-poll-initial",
            "bi.streamload.error-log-max-chars", "bi.load.max-record-bytes", "bi.load.dead-letter-suffix");

    private static final String RATE_LIMIT = "bi.jushuitan.rate-limit.";

    private final NacosProperties props;
    private final NacosConfigClient nacos;
    private final ConfigurableEnvironment env;
    private final StreamLoadProperties streamLoad;
    private final LoadPathProperties loadPath;
    private final JushuitanProperties jushuitan;
    private final RouteSettingsRefresher routes;
    private ScheduledExecutorService timer;
    private String last;

    public NacosConfigWatcher(NacosProperties props, ConfigurableEnvironment env, StreamLoadProperties streamLoad,
                              LoadPathProperties loadPath, JushuitanProperties jushuitan,
                              RouteSettingsRefresher routes) {
        this.props = props;
        this.nacos = new NacosConfigClient(props);
        this.env = env;
        this.streamLoad = streamLoad;
        this.loadPath = loadPath;
        this.jushuitan = jushuitan;
        this.routes = routes;
    }

    /** One look at Nacos; applies a change. */
    void poll() {
        String yaml;
        try {
            yaml = nacos.fetch().orElse("");
        } catch (Exception e) {
            LOG.debug("Nacos not reachable: {}", e.toString());
            return;
        }
        if (yaml.equals(last)) {
            return;
        }
        Map<String, Object> next = NacosPropertySource.parse(yaml);
        Map<String, Object> before = current();
        Set<String> changed = new TreeSet<>();
        next.forEach((k, v) -> {
            if (!Objects.equals(before.get(k), v)) {
                changed.add(k);
            }
        });
        before.keySet().stream().filter(k -> !next.containsKey(k)).forEach(changed::add);
        last = yaml;
        if (changed.isEmpty()) {
            return;
        }
        env.getPropertySources().replace(NacosPropertySource.NAME, new MapPropertySource(NacosPropertySource.NAME, next));
        Binder binder = Binder.get(env);
        binder.bind("bi.streamload", Bindable.ofInstance(streamLoad));
        binder.bind("bi.load", Bindable.ofInstance(loadPath));
        binder.bind("bi.jushuitan", Bindable.ofInstance(jushuitan));
        Set<String> live = new TreeSet<>(changed);
        live.retainAll(LIVE);
        // the rate limits are read at every call
        changed.stream().filter(k -> k.startsWith(RATE_LIMIT)).forEach(live::add);
        live.addAll(routes.refresh(changed));
        Set<String> atRestart = new TreeSet<>(changed);
        atRestart.removeAll(live);
        // keys only, never values: the config may hold credentials
        LOG.info("Nacos configuration changed: applied now {}", live);
        if (!atRestart.isEmpty()) {
            LOG.warn("Nacos configuration changed: {} take effect at the next start", atRestart);
        }
    }

    private Map<String, Object> current() {
        PropertySource<?> source = env.getPropertySources().get(NacosPropertySource.NAME);
        return source instanceof MapPropertySource m ? new HashMap<>(m.getSource()) : Map.of();
    }

    @Override
    public void start() {
        if (env.getPropertySources().get(NacosPropertySource.NAME) == null) {
            return; // Nacos is off
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nacos-config");
            t.setDaemon(true);
            return t;
        });
        long every = props.getPollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
