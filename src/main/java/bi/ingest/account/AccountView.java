package bi.ingest.account;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An account as the admin API shows it: never the app secret, never a token value. */
public record AccountView(String id, String source, String name, String appKey, String appType, List<String> shops,
                          boolean enabled, Instant pullFrom, String tokenState, Instant tokenExpiresAt,
                          String tokenError, Map<String, Instant> pulledThrough) {
}
