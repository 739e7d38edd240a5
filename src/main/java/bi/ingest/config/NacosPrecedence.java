package bi.ingest.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Nacos above every configuration file, below the command line, system properties and environment. Boot puts an
 * import just above the file that imports it (application.yml), which would let a deployment's own files
 * ({@code spring.config.additional-location}, ./config/) override Nacos; this moves Nacos's property sources up
 * once they are loaded. A refresh replaces them where they stand (Spring Cloud's refresh runs this again on its
 * copy of the environment).
 */
public class NacosPrecedence implements EnvironmentPostProcessor, Ordered {

    private static final List<String> OUTSIDE = List.of(CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME,
            StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String group = env.getProperty("bi.nacos.group", "DEFAULT_GROUP");
        String dataId = env.getProperty("bi.nacos.data-id", "bi-ingest.yaml");
        MutablePropertySources sources = env.getPropertySources();
        List<PropertySource<?>> nacos = new ArrayList<>();
        for (PropertySource<?> source : sources) {
            if (isFromNacos(source.getName(), group, dataId)) {
                nacos.add(source);
            }
        }
        String after = null;
        for (String name : OUTSIDE) {
            if (sources.contains(name)) {
                after = name;
            }
        }
        for (PropertySource<?> source : nacos) {
            sources.remove(source.getName());
            if (after == null) {
                sources.addFirst(source);
            } else {
                sources.addAfter(after, source);
            }
            after = source.getName();
        }
    }

    /** Spring Cloud Alibaba names them {@code <group>@<data id>}, one per YAML document. */
    static boolean isFromNacos(String sourceName, String group, String dataId) {
        return sourceName.startsWith(group + "@" + dataId);
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1; // once the files and the import are loaded
    }
}
