package bi.ingest.erp.jushuitan;

import bi.ingest.erp.SnowflakeIds;
import bi.ingest.load.LoadHeaders;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * A Jushuitan record as it goes onto Kafka, whether pulled or pushed: its entity's topic, the raw JSON, key = business id, headers
 * account, entity, a Snowflake event id (assigned here, once) and the time bi-ingest received it, plus the key the
 * idempotent consumer uses to publish each record version once.
 */
public class RecordMessages {

    /** Identifies a record version (account, entity, exact content) for the idempotent consumer; not sent to Kafka. */
    public static final String DEDUP_KEY = "bi-dedup-key";

    private final CamelContext camel;
    private final ObjectMapper json;
    private final SnowflakeIds eventIds;

    private final Map<String, String> topics;

    /** @param topics raw topic per entity name ({@code bi.topics.jushuitan-<entity>}) */
    public RecordMessages(CamelContext camel, ObjectMapper json, SnowflakeIds eventIds, Map<String, String> topics) {
        this.topics = topics;
        this.camel = camel;
        this.json = json;
        this.eventIds = eventIds;
    }

    public Message of(String account, JushuitanEntity entity, JsonNode record, String receivedAt) {
        byte[] raw;
        try {
            raw = json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Message m = new DefaultMessage(camel);
        m.setBody(raw);
        String key = entity.businessId(record);
        if (key != null) {
            m.setHeader(KafkaConstants.KEY, key);
        }
        m.setHeader(LoadHeaders.ACCOUNT, account);
        m.setHeader(LoadHeaders.ENTITY, entity.entity());
        m.setHeader(LoadHeaders.EVENT_ID, Long.toString(eventIds.next()));
        m.setHeader(LoadHeaders.PULLED_AT, receivedAt);
        m.setHeader(DEDUP_KEY, dedupKey(account, entity, raw));
        m.setHeader(KafkaConstants.OVERRIDE_TOPIC, topics.get(entity.entity()));
        return m;
    }

    private static String dedupKey(String account, JushuitanEntity entity, byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((account + "/" + entity.entity() + "/").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
