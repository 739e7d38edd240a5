package bi.ingest.erp.leke;

import static bi.ingest.normalize.JsonFields.decimal;
import static bi.ingest.normalize.JsonFields.intValue;
import static bi.ingest.normalize.JsonFields.object;
import static bi.ingest.normalize.JsonFields.objects;
import static bi.ingest.normalize.JsonFields.text;

import bi.ingest.normalize.ErpJson;
import bi.ingest.normalize.ErpObject;
import bi.ingest.normalize.ErpRecord;
import bi.ingest.normalize.InvalidRecordException;
import bi.ingest.normalize.RawJson;
import bi.ingest.normalize.RecordNormalizer;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.RowBuilder;
import bi.ingest.normalize.TableCatalog;
import bi.ingest.normalize.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Leke change event to rows of the shared tables ({@code source = leke}): orders with lines and payments, refunds
 * with lines, stock; every event also to {@code erp_raw_event}. {@code updated_at} is the version ({@code modified}):
 * loads carry it as merge condition, so an older event never replaces a newer row. {@code order.deleted} is a version
 * too: the order's row with {@code is_deleted = true}, so an older update arriving later cannot bring it back; its
 * lines and payments leave the {@code *_live} views with it. Pure: the same event always gives the same rows.
 */
public final class LekeEventNormalizer implements RecordNormalizer {

    public static final String SOURCE = "leke";

    private final ErpJson json;
    private final LekeProperties props;
    private final LekeTimes times;
    private final TableSchema rawEvents;
    private final TableSchema orders;
    private final TableSchema orderItems;
    private final TableSchema orderPayments;
    private final TableSchema refunds;
    private final TableSchema refundItems;
    private final TableSchema inventory;

    public LekeEventNormalizer(TableCatalog catalog, LekeProperties props) {
        this.json = new ErpJson();
        this.props = props;
        this.times = new LekeTimes(props.getTimeZone());
        this.rawEvents = catalog.table("erp_raw_event");
        this.orders = catalog.table("erp_order");
        this.orderItems = catalog.table("erp_order_item");
        this.orderPayments = catalog.table("erp_order_payment");
        this.refunds = catalog.table("erp_refund");
        this.refundItems = catalog.table("erp_refund_item");
        this.inventory = catalog.table("erp_inventory");
    }

    /** What every row of one event shares. */
    private record Version(String account, String modified, long eventId) {
    }

    @Override
    public void normalize(ErpRecord record, Consumer<Row> sink) {
        LekeEvent event = LekeEvent.of(json.parseObject(record.value()));
        ErpObject d = event.data();
        times.toDateTime("occurred_at", event.occurredAt()); // checked, not stored: updated_at is the version
        Version v = new Version(props.accountOf(event.tenantId()), times.toDateTime("updated_at", text(d, "updated_at", true)),
                LekeIds.of("event", event.eventId()));
        List<Row> rows = new ArrayList<>(8); // all or nothing: emit only when every row of the event is valid
        switch (event.type()) {
            case ORDER_CREATED, ORDER_UPDATED -> order(d, v, rows);
            case ORDER_DELETED -> orderDeleted(d, v, rows);
            case REFUND_CREATED, REFUND_UPDATED -> refund(d, v, rows);
            case STOCK_CHANGED -> stock(d, v, rows);
        }
        rows.add(rawEvent(record, event, v));
        rows.forEach(sink);
    }

    private void order(ErpObject d, Version v, List<Row> out) {
        String orderNo = text(d, "order_no", true);
        long oId = LekeIds.of("order", orderNo);
        ErpObject receiver = object(d, "receiver");
        String currency = text(d, "currency", false);
        out.add(row(orders, v).set("o_id", oId).set("so_id", orderNo)
                .set("shop_code", text(d, "shop_code", false))
                .set("status", text(d, "status", false))
                .set("order_date", times.toDateTime("created_at", text(d, "created_at", false)))
                .set("currency", currency == null ? "CNY" : currency)
                .set("total_amount", decimal(d, "total_amount"))
                .set("pay_amount", decimal(d, "pay_amount"))
                .set("freight", decimal(d, "freight"))
                .set("discount", decimal(d, "discount"))
                .set("receiver_state", text(receiver, "province", false))
                .set("receiver_city", text(receiver, "city", false))
                .set("receiver_district", text(receiver, "district", false))
                .set("buyer_id", text(d, "buyer_nick", false))
                .set("remark", text(d, "remark", false))
                .set("is_deleted", false)
                .build());
        List<ErpObject> lines = objects(d, "lines");
        if (lines != null) {
            checkCount("lines", lines.size());
            for (ErpObject l : lines) {
                int lineNo = intValue(l, "line_no", true);
                if (lineNo < 1 || lineNo > props.getMaxLinesPerOrder()) {
                    throw new InvalidRecordException("line_no " + lineNo + " of order " + orderNo + " is outside 1.."
                            + props.getMaxLinesPerOrder() + " (bi.leke.max-lines-per-order)");
                }
                out.add(row(orderItems, v).set("oi_id", orderLineId(orderNo, lineNo)).set("o_id", oId).set("line_no", lineNo)
                        .set("sku_id", text(l, "sku_code", false))
                        .set("name", text(l, "goods_name", false))
                        .set("qty", intValue(l, "qty", false))
                        .set("price", decimal(l, "unit_price"))
                        .set("amount", decimal(l, "amount"))
                        .build());
            }
        }
        List<ErpObject> payments = objects(d, "payments");
        if (payments != null) {
            checkCount("payments", payments.size());
            int position = 0;
            for (ErpObject p : payments) {
                out.add(row(orderPayments, v).set("pay_id", paymentId(orderNo, ++position)).set("o_id", oId)
                        .set("outer_pay_id", text(p, "pay_no", false))
                        .set("payment", text(p, "method", false))
                        .set("amount", decimal(p, "amount"))
                        .set("pay_date", times.toDateTime("paid_at", text(p, "paid_at", false)))
                        .build());
            }
        }
    }

    /**
     * The delete as the order's newest version: its key, time and {@code is_deleted}. The lines and payments need no
     * row of their own: none carries this version's event_id, so the views leave them out.
     */
    private void orderDeleted(ErpObject d, Version v, List<Row> out) {
        String orderNo = text(d, "order_no", true);
        out.add(row(orders, v).set("o_id", LekeIds.of("order", orderNo)).set("so_id", orderNo).set("is_deleted", true).build());
    }

    private void refund(ErpObject d, Version v, List<Row> out) {
        String refundNo = text(d, "refund_no", true);
        long asId = LekeIds.of("refund", refundNo);
        String orderNo = text(d, "order_no", false);
        out.add(row(refunds, v).set("as_id", asId).set("outer_as_id", refundNo)
                .set("o_id", orderNo == null ? null : LekeIds.of("order", orderNo)).set("so_id", orderNo)
                .set("status", text(d, "status", false))
                .set("remark", text(d, "reason", false))
                .set("refund", decimal(d, "refund_amount"))
                .set("is_deleted", false)
                .build());
        List<ErpObject> lines = objects(d, "lines");
        if (lines != null) {
            int position = 0;
            for (ErpObject l : lines) {
                out.add(row(refundItems, v).set("asi_id", LekeIds.of("refund-line", refundNo + '#' + ++position)).set("as_id", asId)
                        .set("sku_id", text(l, "sku_code", false))
                        .set("qty", intValue(l, "qty", false))
                        .set("amount", decimal(l, "amount"))
                        .build());
            }
        }
    }

    private void stock(ErpObject d, Version v, List<Row> out) {
        String warehouse = text(d, "warehouse_code", true);
        out.add(row(inventory, v).set("wms_co_id", LekeIds.of("warehouse", warehouse)).set("warehouse_code", warehouse)
                .set("sku_id", text(d, "sku_code", true))
                .set("qty", intValue(d, "qty", false))
                .set("order_lock", intValue(d, "locked_qty", false))
                .build());
    }

    private Row rawEvent(ErpRecord r, LekeEvent e, Version v) {
        ErpObject d = e.data();
        String entity;
        String businessId;
        switch (e.type()) {
            case ORDER_CREATED, ORDER_UPDATED, ORDER_DELETED -> { entity = "orders"; businessId = text(d, "order_no", true); }
            case REFUND_CREATED, REFUND_UPDATED -> { entity = "refunds"; businessId = text(d, "refund_no", true); }
            default -> { entity = "inventory"; businessId = text(d, "warehouse_code", true) + ":" + text(d, "sku_code", true); }
        }
        return new RowBuilder(rawEvents)
                .set("source", SOURCE).set("account", v.account()).set("entity", entity)
                .set("business_id", businessId).set("event_id", v.eventId()).set("modified", v.modified())
                .set("kafka_topic", r.topic()).set("kafka_partition", r.partition()).set("kafka_offset", r.offset())
                .set("payload", new RawJson(r.value()))
                .build();
    }

    private static RowBuilder row(TableSchema table, Version v) {
        return new RowBuilder(table).set("source", SOURCE).set("account", v.account())
                .set("modified", v.modified()).set("event_id", v.eventId());
    }

    private static long orderLineId(String orderNo, int lineNo) {
        return LekeIds.of("order-line", orderNo + '#' + lineNo);
    }

    private static long paymentId(String orderNo, int position) {
        return LekeIds.of("payment", orderNo + '#' + position);
    }

    private void checkCount(String list, int size) {
        if (size > props.getMaxLinesPerOrder()) {
            throw new InvalidRecordException("order has " + size + " " + list + ", more than bi.leke.max-lines-per-order="
                    + props.getMaxLinesPerOrder());
        }
    }
}
