package bi.ingest.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/** Nacos's YAML as flat properties ({@code bi.streamload.fe-url=...}), the way application.yml is read. */
final class NacosPropertySource {

    static final String NAME = "nacos";

    private NacosPropertySource() {
    }

    static Map<String, Object> parse(String yaml) {
        Map<String, Object> flat = new LinkedHashMap<>();
        try {
            for (PropertySource<?> doc : new YamlPropertySourceLoader().load(NAME,
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "Nacos config"))) {
                EnumerablePropertySource<?> e = (EnumerablePropertySource<?>) doc;
                for (String key : e.getPropertyNames()) {
                    flat.put(key, String.valueOf(e.getProperty(key)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return flat;
    }
}
