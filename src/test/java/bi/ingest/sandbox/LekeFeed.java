package bi.ingest.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Leke's side of the contract (specs/leke.md): change events as Leke publishes them, with the spec's keys. */
public final class LekeFeed {

    public static final String ORDERS = "erp.leke.orders";
    public static final String REFUNDS = "erp.leke.refunds";
    public static final String STOCK = "erp.leke.stock";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaSandbox kafka;

    public LekeFeed(KafkaSandbox kafka) {
        this.kafka = kafka;
    }

    /** order.created / order.updated: {@code lines} lines (line_no 1..n) and {@code payments} payments. */
    public static Map<String, Object> order(String type, String tenant, String orderNo, String updatedAt, String status,
                                            int lines, int payments) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("order_no", orderNo);
        d.put("shop_code", "S01");
        d.put("status", status);
        d.put("created_at", "2026-11-24T10:01:00+08:00");
        d.put("updated_at", updatedAt);
        d.put("currency", "CNY");
        d.put("total_amount", String.format("%d.00", 100 * lines + 10));
        d.put("pay_amount", String.format("%d.00", 100 * lines));
        d.put("freight", "0.00");
        d.put("discount", "10.00");
        d.put("receiver", Map.of("province", "浙江省", "city", "杭州市", "district", "西湖区"));
        d.put("buyer_nick", "小王");
        d.put("remark", "");
        List<Map<String, Object>> lineList = new ArrayList<>();
        for (int n = 1; n <= lines; n++) {
            lineList.add(Map.of("line_no", n, "sku_code", "SKU-" + n, "goods_name", "羊毛围巾 " + n, "qty", n,
                    "unit_price", "100.00", "amount", String.format("%d.00", 100 * n)));
        }
        d.put("lines", lineList);
        List<Map<String, Object>> payList = new ArrayList<>();
        for (int n = 1; n <= payments; n++) {
            payList.add(Map.of("pay_no", orderNo + "-P" + n, "method", "ALIPAY", "amount", "50.00",
                    "paid_at", "2026-11-24T10:15:00+08:00"));
        }
        d.put("payments", payList);
        return envelope(type, tenant, d);
    }

    public static Map<String, Object> orderDeleted(String tenant, String orderNo, String updatedAt) {
        return envelope("order.deleted", tenant, new LinkedHashMap<>(Map.of("order_no", orderNo, "updated_at", updatedAt)));
    }

    public static Map<String, Object> refund(String type, String tenant, String refundNo, String orderNo, String status,
                                             String updatedAt, int lines) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("refund_no", refundNo);
        d.put("order_no", orderNo);
        d.put("status", status);
        d.put("reason", "尺码不合适");
        d.put("refund_amount", "99.50");
        d.put("updated_at", updatedAt);
        List<Map<String, Object>> lineList = new ArrayList<>();
        for (int n = 1; n <= lines; n++) {
            lineList.add(Map.of("sku_code", "SKU-" + n, "qty", 1, "amount", "49.75"));
        }
        d.put("lines", lineList);
        return envelope(type, tenant, d);
    }

    public static Map<String, Object> stock(String tenant, String warehouse, String sku, int qty, int locked, String updatedAt) {
        return envelope("stock.changed", tenant, new LinkedHashMap<>(Map.of("warehouse_code", warehouse, "sku_code", sku,
                "qty", qty, "locked_qty", locked, "updated_at", updatedAt)));
    }

    private static Map<String, Object> envelope(String type, String tenant, Map<String, Object> data) {
        Map<String, Object> e = new LinkedHashMap<>();
        // stable per change: the same change published twice carries the same id
        e.put("event_id", "lk-" + Integer.toHexString((type + tenant + data).hashCode()));
        e.put("event_type", type);
        e.put("schema_version", 1);
        e.put("tenant_id", tenant);
        e.put("occurred_at", data.get("updated_at"));
        e.put("data", data);
        return e;
    }

    /** The spec's key: tenant and business key, so one object's events share a partition. */
    @SuppressWarnings("unchecked")
    public static String key(Map<String, Object> event) {
        Map<String, Object> d = (Map<String, Object>) event.get("data");
        Object id = d.containsKey("refund_no") ? d.get("refund_no")
                : d.containsKey("order_no") ? d.get("order_no") : d.get("warehouse_code") + ":" + d.get("sku_code");
        return event.get("tenant_id") + ":" + id;
    }

    public static byte[] json(Map<String, Object> event) {
        try {
            return JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes one event and waits until the broker has it (Leke's producer side is small; failures must show). */
    public void send(String topic, Map<String, Object> event) {
        kafka.sendAndWait(new ProducerRecord<>(topic, key(event), json(event)));
    }

    public void send(String topic, Integer partition, Map<String, Object> event) {
        kafka.sendAndWait(new ProducerRecord<>(topic, partition, key(event), json(event)));
    }

    public void sendRaw(String topic, String key, byte[] value) {
        kafka.sendAndWait(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        kafka.flush();
    }
}
