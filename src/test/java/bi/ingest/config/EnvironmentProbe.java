package bi.ingest.config;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The service's environment without its beans (application.yml, the import of Nacos, the post-processors), in a
 * JVM of its own (the Nacos client is one per JVM): prints {@code key=value} for each key named in
 * {@code -Dprobe.keys}, then exits.
 */
@Configuration(proxyBeanMethods = false)
public class EnvironmentProbe {

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EnvironmentProbe.class)
                .web(WebApplicationType.NONE).run(args)) {
            for (String key : System.getProperty("probe.keys").split(",")) {
                System.out.println("PROBE " + key + "=" + context.getEnvironment().getProperty(key));
            }
        }
        System.exit(0); // the Nacos client's threads are not daemons
    }
}
