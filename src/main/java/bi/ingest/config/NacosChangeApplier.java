package bi.ingest.config;

import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.load.LoadPathProperties;
import bi.ingest.streamload.StreamLoadProperties;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Applies a configuration change (Spring Cloud's refresh after Nacos pushed a new version of the data id) where
 * that is safe: settings read at every use only need their properties re-bound (Stream Load's endpoint, database,
 * credentials and per-load timeouts, the record limit); the ERP rate limits apply at the next call; the load routes
 * restart with new batch settings and Quartz routes take new crons. Other changed keys are named in a WARN: they
 * apply at the next start.
 */
public class NacosChangeApplier implements ApplicationListener<EnvironmentChangeEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(NacosChangeApplier.class);

    /** Settings the code reads at every use (not once at start), so a re-bind is all they need. */
    static final Set<String> LIVE = Set.of("bi.streamload.fe-url", "bi.streamload.database", "bi.streamload.username",
            "bi.streamload.password", "bi.streamload.load-timeout-seconds", "bi.streamload.max-redirects",
            "bi.streamload.label-state-max-wait", "bi.streamload.label-state-poll-initial",
            "bi.streamload.error-log-max-chars", "bi.load.max-record-bytes", "bi.load.dead-letter-suffix");

    private static final String RATE_LIMIT = "bi.jushuitan.rate-limit.";

    private final ConfigurableEnvironment env;
    private final StreamLoadProperties streamLoad;
    private final LoadPathProperties loadPath;
    private final JushuitanProperties jushuitan;
    private final RouteSettingsRefresher routes;

    public NacosChangeApplier(ConfigurableEnvironment env, StreamLoadProperties streamLoad, LoadPathProperties loadPath,
                              JushuitanProperties jushuitan, RouteSettingsRefresher routes) {
        this.env = env;
        this.streamLoad = streamLoad;
        this.loadPath = loadPath;
        this.jushuitan = jushuitan;
        this.routes = routes;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        Set<String> changed = new TreeSet<>(event.getKeys());
        if (changed.isEmpty()) {
            return;
        }
        // Spring Cloud re-binds every @ConfigurationProperties bean on this event too; binding here as well makes
        // the routes below see the new values whichever listener runs first
        Binder binder = Binder.get(env);
        binder.bind("bi.streamload", Bindable.ofInstance(streamLoad));
        binder.bind("bi.load", Bindable.ofInstance(loadPath));
        binder.bind("bi.jushuitan", Bindable.ofInstance(jushuitan));
        Set<String> live = new TreeSet<>(changed);
        live.retainAll(LIVE);
        changed.stream().filter(k -> k.startsWith(RATE_LIMIT)).forEach(live::add); // read at every call
        live.addAll(routes.refresh(changed));
        Set<String> atRestart = new TreeSet<>(changed);
        atRestart.removeAll(live);
        // keys only, never values: the config may hold credentials
        LOG.info("Nacos configuration changed: applied now {}", live);
        if (!atRestart.isEmpty()) {
            LOG.warn("Nacos configuration changed: {} take effect at the next start", atRestart);
        }
    }
}
