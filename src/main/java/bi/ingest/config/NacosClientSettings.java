package bi.ingest.config;

import java.nio.file.Path;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The Nacos client's settings that it reads once, from system properties, before the configuration files are read
 * (so they come from the command line, system properties or the environment):
 * <ul>
 * <li>its snapshot ({@code JM.SNAPSHOT.PATH}) and log ({@code JM.LOG.PATH}) directories, under the service's data
 * directory instead of the user's home: {@code BI_NACOS_CLIENT_DIR}, else {@code BI_DATA_DIR}/nacos-client, else
 * ./data/nacos-client;</li>
 * <li>at least 4 worker threads ({@code nacos.common.processors}): the client sizes its config worker pool by the
 * processor count, and with 2 processors its two long-running listen loops take both threads, so the scheduled
 * login never runs again — a service that started while Nacos was down, or whose token expired, would stay
 * unauthenticated.</li>
 * </ul>
 */
public class NacosClientSettings implements EnvironmentPostProcessor, Ordered {

    static final String SNAPSHOT_PATH = "JM.SNAPSHOT.PATH";
    static final String LOG_PATH = "JM.LOG.PATH";
    static final String PROCESSORS = "nacos.common.processors";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        Path dir = Path.of(env.getProperty("bi.nacos.client-dir",
                Path.of(env.getProperty("bi.data-dir", "data"), "nacos-client").toString())).toAbsolutePath();
        setIfAbsent(SNAPSHOT_PATH, dir.toString()); // the client adds nacos/config/...
        setIfAbsent(LOG_PATH, dir.resolve("logs").toString());
        setIfAbsent(PROCESSORS, Integer.toString(Math.max(3, Runtime.getRuntime().availableProcessors())));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key.toUpperCase().replace('.', '_')) == null) {
            System.setProperty(key, value);
        }
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER - 1; // before Nacos is asked (the config import)
    }
}
