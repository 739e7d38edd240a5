package bi.ingest.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An operator's route files (camel.main.routes-reload-*): their live reload keeps routes running (RouteFileReloads). */
@Configuration(proxyBeanMethods = false)
public class RouteFilesConfiguration {

    @Bean
    CamelContextConfiguration routeFileReloads() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                RouteFileReloads.install(context);
            }
        };
    }
}
