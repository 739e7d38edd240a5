package bi.ingest.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the tests hand out (passwords, app secrets, tokens), so the log check can look for each of them. The
 * test classes run in several JVMs and the log check in another one after them, so each secret is also appended to
 * {@code target/test-secrets.txt} (throwaway values of the tests only).
 */
public final class TestSecrets {

    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();
    private static final Path FILE = Path.of("target", "test-secrets.txt");

    static {
        remember(TestSandboxes.STREAMLOAD_PASSWORD, TestSandboxes.ADMIN_PASSWORD, TestSandboxes.VIEWER_PASSWORD,
                TestSandboxes.SECRETS_KEY, SecuredKafka.PASSWORD, SecuredKafka.STORE_PASSWORD);
    }

    private TestSecrets() {
    }

    public static void remember(String... secrets) {
        StringBuilder lines = new StringBuilder();
        for (String s : secrets) {
            if (s != null && s.length() >= 8 && VALUES.add(s)) {
                lines.append(s).append('\n');
            }
        }
        if (!lines.isEmpty()) {
            append(lines.toString());
        }
    }

    /** The secrets of every test JVM of this build so far. */
    public static Set<String> all() {
        Set<String> all = new HashSet<>(VALUES);
        try {
            if (Files.exists(FILE)) {
                Files.readAllLines(FILE, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(all::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    private static synchronized void append(String lines) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
