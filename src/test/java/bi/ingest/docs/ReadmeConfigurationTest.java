package bi.ingest.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The README's configuration table names every bi.* setting that application.yml declares, and no other. */
class ReadmeConfigurationTest {

    private static final Pattern ROW_KEYS = Pattern.compile("^\\| (`[^|]+`) \\|", Pattern.MULTILINE);

    @Test
    void everySettingInApplicationYmlIsInTheReadmeTable() throws IOException {
        List<String> documented = documentedKeys(Files.readString(Path.of("README.md")));
        for (String key : declaredKeys()) {
            assertThat(documented.stream().anyMatch(d -> d.equals(key) || (d.endsWith(".*") && key.startsWith(d.substring(0, d.length() - 1)))))
                    .as("README configuration table lists %s", key).isTrue();
        }
    }

    @Test
    void theReadmeTableNamesNoSettingThatDoesNotExist() throws IOException {
        List<String> declared = declaredKeys();
        for (String d : documentedKeys(Files.readString(Path.of("README.md")))) {
            if (d.startsWith("bi.")) {
                assertThat(declared.stream().anyMatch(k -> k.equals(d) || (d.endsWith(".*") && k.startsWith(d.substring(0, d.length() - 1)))))
                        .as("%s in README exists in application.yml", d).isTrue();
            }
        }
    }

    private static List<String> declaredKeys() throws IOException {
        Map<String, Object> keys = new LinkedHashMap<>();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (name.startsWith("bi.")) {
                    keys.put(name, source.getProperty(name));
                }
            }
        }
        return new ArrayList<>(keys.keySet());
    }

    /** Keys in the first column of table rows; "`a.b.c` / `d`" stands for a.b.c and a.b.d. */
    private static List<String> documentedKeys(String readme) {
        List<String> keys = new ArrayList<>();
        Matcher m = ROW_KEYS.matcher(readme);
        while (m.find()) {
            String first = null;
            for (String part : m.group(1).split("/")) {
                String key = part.trim().replace("`", "");
                if (first == null) {
                    first = key;
                    keys.add(key);
                } else {
                    keys.add(first.substring(0, first.lastIndexOf('.') + 1) + key);
                }
            }
        }
        return keys;
    }
}
