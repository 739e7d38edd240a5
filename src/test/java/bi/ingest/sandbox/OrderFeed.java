package bi.ingest.sandbox;

import bi.ingest.load.LoadHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes generated Jushuitan orders for one account the way the pull route does: key o_id, bi-* headers. */
public final class OrderFeed {

    private final KafkaSandbox kafka;
    private final String topic;

    public OrderFeed(KafkaSandbox kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /** Sends orders 0..count-1 of the generator at version 0 and returns them. */
    public List<Map<String, Object>> send(String account, OrderGenerator gen, int count) {
        List<Map<String, Object>> sent = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Map<String, Object> order = gen.order(n, 0);
            sendRaw(account, String.valueOf(order.get("o_id")), gen.json(order), eventId(gen.orderId(n), 0));
            sent.add(order);
        }
        kafka.flush();
        return sent;
    }

    public void sendRaw(String account, String key, byte[] value, long eventId) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
        if (account != null) {
            r.headers().add(LoadHeaders.ACCOUNT, account.getBytes(StandardCharsets.UTF_8));
        }
        r.headers().add(LoadHeaders.EVENT_ID, Long.toString(eventId).getBytes(StandardCharsets.UTF_8));
        r.headers().add(LoadHeaders.ENTITY, "orders".getBytes(StandardCharsets.UTF_8));
        kafka.send(r);
    }

    /** A stand-in for the Snowflake id the pull route assigns: unique per order version, stable across runs. */
    public static long eventId(long orderId, int version) {
        return 7_000_000_000_000L + orderId * 16 + version;
    }
}
