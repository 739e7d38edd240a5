package bi.ingest.account;

import java.util.List;

/**
 * The admin API's account body (create and update). {@code appSecret} is write-only: no answer carries it.
 *
 * @param pullFrom ISO-8601 instant where the first pull starts (optional)
 */
public record AccountRequest(String id, String name, String appKey, String appSecret, String appType,
                             List<String> shops, Boolean enabled, String pullFrom) {

    @Override
    public String toString() {
        return "AccountRequest[id=" + id + ", appKey=" + appKey + "]";
    }
}
