package bi.ingest.load;

import java.util.Map;
import org.apache.camel.Exchange;

/** Copies a rejected record's own Kafka headers (account, event id, ...) onto its dead-letter copy. */
public class DeadLetters {

    public void originalHeaders(Exchange exchange) {
        RejectedRecord rejected = exchange.getVariable("rejected", RejectedRecord.class);
        for (Map.Entry<String, Object> h : rejected.record().headers().entrySet()) {
            String name = h.getKey();
            if (!name.startsWith("kafka.") && !name.startsWith("Camel") && !name.startsWith("bi-dlq-")) {
                exchange.getMessage().setHeader(name, h.getValue());
            }
        }
    }
}
