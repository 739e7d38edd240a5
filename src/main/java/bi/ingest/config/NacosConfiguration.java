package bi.ingest.config;

import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.load.LoadPathProperties;
import org.apache.camel.CamelContext;
import bi.ingest.streamload.StreamLoadProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/** Runtime refresh from Nacos (start-up loading is {@link NacosEnvironmentPostProcessor}). */
@Configuration(proxyBeanMethods = false)
public class NacosConfiguration {

    @Bean
    RouteSettingsRefresher routeSettingsRefresher(CamelContext camel, LoadPathProperties loadPath, ConfigurableEnvironment env) {
        return new RouteSettingsRefresher(camel, loadPath, env::getProperty);
    }

    @Bean
    NacosConfigWatcher nacosConfigWatcher(NacosProperties props, ConfigurableEnvironment env, StreamLoadProperties streamLoad,
                                          LoadPathProperties loadPath, JushuitanProperties jushuitan,
                                          RouteSettingsRefresher routes) {
        return new NacosConfigWatcher(props, env, streamLoad, loadPath, jushuitan, routes);
    }
}
