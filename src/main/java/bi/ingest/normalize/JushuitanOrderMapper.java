package bi.ingest.normalize;

import static bi.ingest.normalize.JsonFields.array;
import static bi.ingest.normalize.JsonFields.dateTime;
import static bi.ingest.normalize.JsonFields.decimal;
import static bi.ingest.normalize.JsonFields.intValue;
import static bi.ingest.normalize.JsonFields.longValue;
import static bi.ingest.normalize.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Jushuitan order (one element of {@code orders} in the {@code /open/orders/single/query} answer) to rows of
 * {@code erp_raw_event}, {@code erp_order}, {@code erp_order_item} and {@code erp_order_payment}.
 */
public final class JushuitanOrderMapper implements RecordNormalizer {

    public static final String SOURCE = "jushuitan";

    private final ObjectReader json;
    private final TableSchema rawEvents;
    private final TableSchema orders;
    private final TableSchema items;
    private final TableSchema payments;

    public JushuitanOrderMapper(ObjectMapper json, TableCatalog catalog) {
        // amounts are read as BigDecimal straight from the text: through double they lose digits (and time)
        this.json = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true));
        this.rawEvents = catalog.table("erp_raw_event");
        this.orders = catalog.table("erp_order");
        this.items = catalog.table("erp_order_item");
        this.payments = catalog.table("erp_order_payment");
    }

    @Override
    public void normalize(ErpRecord record, Consumer<Row> sink) {
        JsonNode order = parseObject(record.value());
        String account = requireHeader(record.account(), "bi-account");
        if (record.eventId() == null) {
            throw new InvalidRecordException("record header bi-event-id is missing or not a number");
        }
        long oId = longValue(order, "o_id", true);
        String modified = dateTime(order, "modified", true);

        List<Row> rows = new ArrayList<>(8); // all or nothing: emit only when every row of the order is valid
        rows.add(rawEvent(record, account, oId, modified));
        rows.add(order(order, record, account, oId, modified));
        JsonNode itemList = array(order, "items");
        if (itemList != null) {
            for (JsonNode item : itemList) {
                rows.add(item(item, record, account, oId, modified));
            }
        }
        JsonNode payList = array(order, "pays");
        if (payList != null) {
            for (JsonNode pay : payList) {
                rows.add(payment(pay, record, account, oId, modified));
            }
        }
        rows.forEach(sink);
    }

    private Row rawEvent(ErpRecord r, String account, long oId, String modified) {
        return new RowBuilder(rawEvents)
                .set("source", SOURCE).set("account", account).set("entity", r.entity())
                .set("business_id", Long.toString(oId)).set("event_id", r.eventId()).set("modified", modified)
                .set("kafka_topic", r.topic()).set("kafka_partition", r.partition()).set("kafka_offset", r.offset())
                .set("payload", new RawJson(r.value()))
                .build();
    }

    private Row order(JsonNode o, ErpRecord r, String account, long oId, String modified) {
        return new RowBuilder(orders)
                .set("source", SOURCE).set("account", account).set("o_id", oId)
                .set("so_id", text(o, "so_id", false))
                .set("shop_id", longValue(o, "shop_id", false))
                .set("shop_name", text(o, "shop_name", false))
                .set("order_type", text(o, "type", false))
                .set("status", text(o, "status", false))
                .set("order_date", dateTime(o, "order_date", false))
                .set("pay_date", dateTime(o, "pay_date", false))
                .set("send_date", dateTime(o, "send_date", false))
                .set("modified", modified)
                .set("pay_amount", decimal(o, "pay_amount"))
                .set("paid_amount", decimal(o, "paid_amount"))
                .set("freight", decimal(o, "freight"))
                .set("buyer_id", text(o, "buyer_id", false))
                .set("receiver_state", text(o, "receiver_state", false))
                .set("receiver_city", text(o, "receiver_city", false))
                .set("receiver_district", text(o, "receiver_district", false))
                .set("l_id", text(o, "l_id", false))
                .set("remark", text(o, "remark", false))
                .set("buyer_message", text(o, "buyer_message", false))
                .set("row_version", longValue(o, "ts", false))
                .set("event_id", r.eventId())
                .build();
    }

    private Row item(JsonNode i, ErpRecord r, String account, long oId, String modified) {
        return new RowBuilder(items)
                .set("source", SOURCE).set("account", account)
                .set("oi_id", longValue(i, "oi_id", true)).set("o_id", oId)
                .set("sku_id", text(i, "sku_id", false))
                .set("i_id", text(i, "i_id", false))
                .set("name", text(i, "name", false))
                .set("properties_value", text(i, "properties_value", false))
                .set("qty", intValue(i, "qty", false))
                .set("price", decimal(i, "price"))
                .set("amount", decimal(i, "amount"))
                .set("refund_status", text(i, "refund_status", false))
                .set("modified", modified).set("event_id", r.eventId())
                .build();
    }

    private Row payment(JsonNode p, ErpRecord r, String account, long oId, String modified) {
        return new RowBuilder(payments)
                .set("source", SOURCE).set("account", account)
                .set("pay_id", longValue(p, "pay_id", true)).set("o_id", oId)
                .set("outer_pay_id", text(p, "outer_pay_id", false))
                .set("pay_date", dateTime(p, "pay_date", false))
                .set("amount", decimal(p, "amount"))
                .set("payment", text(p, "payment", false))
                .set("status", text(p, "status", false))
                .set("modified", modified).set("event_id", r.eventId())
                .build();
    }

    private JsonNode parseObject(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidRecordException("empty record value");
        }
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRecordException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidRecordException("unreadable record: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        return node;
    }

    private static String requireHeader(String value, String header) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException("record header " + header + " is missing");
        }
        return value;
    }
}
