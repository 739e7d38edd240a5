package bi.ingest.sandbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every secret the tests hand out (passwords, app secrets, tokens), so the log check can look for each of them. */
public final class TestSecrets {

    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    static {
        remember(TestSandboxes.STREAMLOAD_PASSWORD, TestSandboxes.ADMIN_PASSWORD, TestSandboxes.VIEWER_PASSWORD,
                TestSandboxes.SECRETS_KEY, SecuredKafka.PASSWORD, SecuredKafka.STORE_PASSWORD);
    }

    private TestSecrets() {
    }

    public static void remember(String... secrets) {
        for (String s : secrets) {
            if (s != null && s.length() >= 8) {
                VALUES.add(s);
            }
        }
    }

    public static Set<String> all() {
        return Set.copyOf(VALUES);
    }
}
