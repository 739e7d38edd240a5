package bi.ingest.logging;

import static org.assertj.core.api.Assertions.assertThat;

import bi.ingest.sandbox.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after the test classes (failsafe, in {@code verify}, once every surefire JVM is done): the whole suite's log
 * output (each class's, in surefire-reports) and the logs of the service processes the tests started contain no
 * password, app secret, encryption key or token the tests handed out.
 */
class NoSecretsInLogsIT {

    /** The Jushuitan sandbox's tokens look like this, whichever test obtained them. */
    private static final Pattern TOKEN = Pattern.compile("\\b[ar]t-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");

    @Test
    void theSuitesLogsHoldNoPasswordSecretOrToken() throws IOException {
        List<Path> logs = logs();
        Set<String> secrets = TestSecrets.all();
        long bytes = 0;
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            bytes += text.length();
            for (String secret : secrets) {
                int at = text.indexOf(secret);
                if (at >= 0) {
                    leaks.add(log + ": " + excerpt(text, at).replace(secret, "<a secret>"));
                }
            }
            Matcher token = TOKEN.matcher(text);
            if (token.find()) {
                leaks.add(log + ": " + TOKEN.matcher(excerpt(text, token.start())).replaceAll("<a token>"));
            }
        }
        assertThat(logs).as("log files of the suite").isNotEmpty();
        assertThat(secrets).as("secrets handed out").hasSizeGreaterThanOrEqualTo(6);
        assertThat(leaks).as("secrets in %d log files (%d characters)", logs.size(), bytes).isEmpty();
    }

    /** Each test class's output (redirected by surefire) and the service processes' logs under target/. */
    private static List<Path> logs() throws IOException {
        List<Path> out = new ArrayList<>();
        Path reports = Path.of("target", "surefire-reports");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> s = Files.list(reports)) {
                s.filter(p -> p.getFileName().toString().endsWith("-output.txt"))
                        .forEach(out::add);
            }
        }
        try (Stream<Path> s = Files.walk(Path.of("target"), 2)) {
            s.filter(p -> p.getFileName().toString().endsWith(".log") && Files.isRegularFile(p)).forEach(out::add);
        }
        return out;
    }

    private static String excerpt(String text, int at) {
        int from = Math.max(0, text.lastIndexOf('\n', at) + 1);
        int to = text.indexOf('\n', at);
        return text.substring(from, to < 0 ? text.length() : Math.min(to, from + 300)).replaceAll("[^\\x20-\\x7e]", "?");
    }
}
