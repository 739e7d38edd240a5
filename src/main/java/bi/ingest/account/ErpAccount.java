package bi.ingest.account;

import java.time.Instant;
import java.util.List;

/**
 * An ERP account bi-ingest pulls for: the app's credentials, the shops to pull, whether it is enabled.
 *
 * @param shops shop ids to pull; empty pulls every shop of the account
 * @param pullFrom where the first incremental pull of each entity starts
 */
public record ErpAccount(String id, String source, String name, String appKey, String appSecret, AppType appType,
                         List<String> shops, boolean enabled, Instant pullFrom, Instant createdAt, Instant updatedAt) {

    /** Never prints the app secret. */
    @Override
    public String toString() {
        return "ErpAccount[id=" + id + ", source=" + source + ", appKey=" + appKey + ", appType=" + appType
                + ", enabled=" + enabled + "]";
    }
}
