package bi.ingest.config;

import bi.ingest.load.LoadPathProperties;
import bi.ingest.streamload.StreamLoadProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/** Runtime refresh from Nacos (start-up loading is {@link NacosEnvironmentPostProcessor}). */
@Configuration(proxyBeanMethods = false)
public class NacosConfiguration {

    @Bean
    NacosConfigWatcher nacosConfigWatcher(NacosProperties props, ConfigurableEnvironment env, StreamLoadProperties streamLoad,
                                          LoadPathProperties loadPath) {
        return new NacosConfigWatcher(props, env, streamLoad, loadPath);
    }
}
