package bi.ingest.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * At start-up, puts Nacos's config in front of application.yml (the embedded defaults) and behind the command line,
 * system properties and environment. Nacos unreachable or the data id missing: a WARN, and the service starts on
 * what it has; {@link NacosConfigWatcher} keeps asking.
 */
public class NacosEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public NacosEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(NacosEnvironmentPostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        NacosProperties props = Binder.get(env).bind("bi.nacos", NacosProperties.class).orElseGet(NacosProperties::new);
        if (!props.enabled() || env.getPropertySources().contains(NacosPropertySource.NAME)) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        NacosConfigClient nacos = new NacosConfigClient(props);
        try {
            nacos.fetch().ifPresentOrElse(
                    yaml -> values.putAll(NacosPropertySource.parse(yaml)),
                    () -> log.warn("Nacos has no " + nacos.describe() + " yet: starting on the embedded configuration"));
            log.info("Nacos configuration: " + values.size() + " settings from " + nacos.describe());
        } catch (Exception e) {
            log.warn("Nacos unreachable (" + nacos.describe() + ": " + e + "): starting on the embedded configuration; "
                    + "its settings apply once it answers");
        }
        MapPropertySource source = new MapPropertySource(NacosPropertySource.NAME, values);
        if (env.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            env.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            env.getPropertySources().addLast(source);
        }
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1; // after application.yml, where bi.nacos.* may be set
    }
}
