package bi.ingest.config;

import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.load.LoadPathProperties;
import bi.ingest.streamload.StreamLoadProperties;
import com.alibaba.cloud.nacos.NacosConfigManager;
import org.apache.camel.CamelContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Configuration changes applied to the running service. Loading Nacos's data id and listening for its changes is
 * Spring Cloud Alibaba's ({@code spring.config.import} in application.yml); a change reaches the service as
 * Spring Cloud's {@code EnvironmentChangeEvent}.
 */
@Configuration(proxyBeanMethods = false)
public class NacosConfiguration {

    @Bean
    RouteSettingsRefresher routeSettingsRefresher(CamelContext camel, LoadPathProperties loadPath, ConfigurableEnvironment env) {
        return new RouteSettingsRefresher(camel, loadPath, env::getProperty);
    }

    @Bean
    NacosChangeApplier nacosChangeApplier(ConfigurableEnvironment env, StreamLoadProperties streamLoad,
                                          LoadPathProperties loadPath, JushuitanProperties jushuitan,
                                          RouteSettingsRefresher routes) {
        return new NacosChangeApplier(env, streamLoad, loadPath, jushuitan, routes);
    }

    @Bean
    @ConditionalOnProperty(name = "bi.nacos.enabled", havingValue = "true")
    NacosStartupReport nacosStartupReport(NacosProperties props, NacosConfigManager nacos, ConfigurableEnvironment env) {
        return new NacosStartupReport(props, nacos, env);
    }
}
