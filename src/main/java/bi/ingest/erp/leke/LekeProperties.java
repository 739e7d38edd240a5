package bi.ingest.erp.leke;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bi.leke.*}: the Leke change-event topics, how they are consumed and how events become rows. */
@ConfigurationProperties("bi.leke")
public class LekeProperties {

    /** The topics the Leke load route consumes: a regular expression (topic-is-pattern) or a comma-separated list. */
    private String topics = "erp\\.leke\\.[^.]+";
    /** True: {@link #topics} is a pattern, and topics created later that match it are consumed too. */
    private boolean topicIsPattern = true;
    /** Consumer threads of the Leke load route (each owns some of the topics' partitions). */
    private int workers = 1;
    /** Zone of times sent without an offset; every time is stored in this zone. */
    private ZoneId timeZone = ZoneId.of("Asia/Shanghai");
    /** Most lines (and payments) one order may have, and the highest line_no: an order with more goes to the DLQ. */
    private int maxLinesPerOrder = 200;
    /** Leke tenant id -> bi-ingest account; a tenant not listed is its own account. */
    private Map<String, String> accounts = new LinkedHashMap<>();

    public String accountOf(String tenantId) {
        return accounts.getOrDefault(tenantId, tenantId);
    }

    public String getTopics() { return topics; }
    public void setTopics(String topics) { this.topics = topics; }
    public boolean isTopicIsPattern() { return topicIsPattern; }
    public void setTopicIsPattern(boolean topicIsPattern) { this.topicIsPattern = topicIsPattern; }
    public int getWorkers() { return workers; }
    public void setWorkers(int workers) { this.workers = workers; }
    public ZoneId getTimeZone() { return timeZone; }
    public void setTimeZone(ZoneId timeZone) { this.timeZone = timeZone; }
    public int getMaxLinesPerOrder() { return maxLinesPerOrder; }
    public void setMaxLinesPerOrder(int maxLinesPerOrder) { this.maxLinesPerOrder = maxLinesPerOrder; }
    public Map<String, String> getAccounts() { return accounts; }
    public void setAccounts(Map<String, String> accounts) { this.accounts = accounts; }
}
