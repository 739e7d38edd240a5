package bi.ingest.load;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch's rejected records as dead-letter messages ({@code routes/dead-letter.yaml} sends them in one go): each its
 * original key, value and headers, its dead-letter topic, and the reason and origin in {@code bi-dlq-*} headers.
 */
public class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger("bi.ingest.load.dead-letter");

    private final CamelContext camel;

    public DeadLetters(CamelContext camel) {
        this.camel = camel;
    }

    public List<Message> messages(List<RejectedRecord> rejects) {
        List<Message> out = new ArrayList<>(rejects.size());
        for (RejectedRecord rejected : rejects) {
            ConsumedRecord record = rejected.record();
            Message m = new DefaultMessage(camel);
            for (Header h : record.headers()) {
                String name = h.key();
                if (!name.startsWith("kafka.") && !name.startsWith("Camel") && !name.startsWith(DeadLetterHeaders.PREFIX)) {
                    m.setHeader(name, h.value());
                }
            }
            m.setHeader(DeadLetterHeaders.STAGE, rejected.stage().label());
            m.setHeader(DeadLetterHeaders.ERROR_CLASS, rejected.errorClass());
            m.setHeader(DeadLetterHeaders.REASON, rejected.reason());
            m.setHeader(DeadLetterHeaders.TIME, rejected.at().toString());
            m.setHeader(DeadLetterHeaders.ORIGIN_TOPIC, record.topic());
            m.setHeader(DeadLetterHeaders.ORIGIN_PARTITION, Integer.toString(record.partition()));
            m.setHeader(DeadLetterHeaders.ORIGIN_OFFSET, Long.toString(record.offset()));
            m.setHeader(KafkaConstants.OVERRIDE_TOPIC, rejected.dlqTopic());
            if (record.key() != null) {
                m.setHeader(KafkaConstants.KEY, record.key());
            }
            m.setBody(record.value());
            out.add(m);
        }
        return out;
    }

    /** One WARN per parked record, once Kafka acknowledged them all. */
    public void parked(List<RejectedRecord> rejects) {
        for (RejectedRecord r : rejects) {
            LOG.warn("dead-lettered {}/{}@{} to {} at stage {}: {}: {}", r.record().topic(), r.record().partition(),
                    r.record().offset(), r.dlqTopic(), r.stage().label(), r.errorClass(), r.reason());
        }
    }
}
