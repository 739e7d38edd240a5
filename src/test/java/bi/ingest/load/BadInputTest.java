package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class BadInputTest extends LoadPathTestSupport {

    @Test
    void eachBadRecordLandsInTheDeadLetterTopicWithItsReasonAndTheGoodOnesAroundItAreLoaded() {
        String account = account("bad-input");
        OrderGenerator gen = new OrderGenerator(2_000_000);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("malformed JSON", "{\"o_id\": 17, \"modified\": ".getBytes(StandardCharsets.UTF_8));
        bad.put("field 'o_id': expected an integer", withField(gen, 900, "o_id", "abc"));
        bad.put("field 'pay_amount': expected a decimal number", withField(gen, 901, "pay_amount", "12,50 元"));
        bad.put("field 'o_id' is required but missing", withField(gen, 902, "o_id", null));
        bad.put("field 'modified' is required but missing", withField(gen, 903, "modified", null));
        bad.put("empty record value", new byte[0]);
        bad.put("empty record value (a tombstone)", null);
        bad.put("exceeds bi.load.max-record-bytes", withField(gen, 904, "remark", "备".repeat(5 * 1024 * 1024 / 3)));
        bad.put("expected a JSON object", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        // a whole order and then more: its raw event row would carry the rest, and StarRocks refuse the whole load
        bad.put("malformed JSON: object after the object's end (a second value)",
                (new String(gen.json(gen.order(906, 0)), StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8));
        // valid JSON whose text has no UTF-8 form: half of a surrogate pair (its raw event row must not load either)
        bad.put("erp_order.remark holds an unpaired UTF-16 surrogate", new String(withField(gen, 905, "remark", "HALF"),
                StandardCharsets.UTF_8).replace("\"HALF\"", "\"a \\ud83d alone\"").getBytes(StandardCharsets.UTF_8));

        // all on partition 0, each bad record between good ones: the partition must keep flowing
        List<Long> goodIds = new ArrayList<>();
        int n = 0;
        for (byte[] value : bad.values()) {
            for (int k = 0; k < 3; k++, n++) {
                Map<String, Object> order = gen.order(n, 0);
                send(account, gen.json(order), gen.orderId(n));
                goodIds.add(gen.orderId(n));
            }
            send(account, value, 5_000_000L + n);
        }
        KAFKA.flush();

        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));

        assertThat(STREAMLOAD.table("erp_order").count("account", account)).isEqualTo(goodIds.size());
        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isEqualTo(goodIds.size());
        List<ConsumerRecord<String, byte[]>> parked = KAFKA.readAll(DLQ).stream()
                .filter(r -> account.equals(header(r, LoadHeaders.ACCOUNT))).toList();
        assertThat(parked).hasSize(bad.size());
        List<String> expectedReasons = new ArrayList<>(bad.keySet());
        for (int i = 0; i < parked.size(); i++) {
            ConsumerRecord<String, byte[]> r = parked.get(i);
            assertThat(header(r, "bi-dlq-reason")).contains(expectedReasons.get(i).replaceAll(" \\(.*\\)$", ""));
            String reason = expectedReasons.get(i);
            boolean unparseable = reason.startsWith("malformed") || reason.startsWith("empty") || reason.startsWith("exceeds")
                    || reason.startsWith("expected a JSON");
            assertThat(header(r, "bi-dlq-stage")).isEqualTo(unparseable ? "parse" : "normalize");
            assertThat(header(r, "bi-dlq-error-class")).isEqualTo(unparseable ? "UnparseableRecordException" : "InvalidRecordException");
            assertThat(Instant.parse(header(r, "bi-dlq-time"))).isBetween(Instant.now().minusSeconds(120), Instant.now());
            assertThat(header(r, "bi-dlq-origin-topic")).isEqualTo(TOPIC);
            assertThat(header(r, "bi-dlq-origin-partition")).isEqualTo("0");
            assertThat(header(r, "bi-dlq-origin-offset")).matches("\\d+");
            byte[] original = bad.get(expectedReasons.get(i));
            if (original == null) {
                assertThat(r.value()).isNull();
            } else {
                assertThat(r.value()).isEqualTo(original);
            }
        }
    }

    private static void send(String account, byte[] value, long id) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(TOPIC, 0, Long.toString(id), value);
        r.headers().add(LoadHeaders.ACCOUNT, account.getBytes(StandardCharsets.UTF_8));
        r.headers().add(LoadHeaders.EVENT_ID, Long.toString(OrderFeed.eventId(id, 0)).getBytes(StandardCharsets.UTF_8));
        KAFKA.send(r);
    }

    private static byte[] withField(OrderGenerator gen, int n, String field, Object value) {
        Map<String, Object> order = new LinkedHashMap<>(gen.order(n, 0));
        if (value == null) {
            order.remove(field);
        } else {
            order.put(field, value);
        }
        return gen.json(order);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
