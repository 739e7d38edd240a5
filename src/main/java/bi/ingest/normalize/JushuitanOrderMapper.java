package bi.ingest.normalize;

import static bi.ingest.normalize.JsonFields.dateTime;
import static bi.ingest.normalize.JsonFields.decimal;
import static bi.ingest.normalize.JsonFields.intValue;
import static bi.ingest.normalize.JsonFields.longValue;
import static bi.ingest.normalize.JsonFields.objects;
import static bi.ingest.normalize.JsonFields.text;

import java.util.List;
import java.util.Set;

/**
 * A Jushuitan order (one element of {@code orders} in the {@code /open/orders/single/query} answer) to rows of
 * {@code erp_raw_event}, {@code erp_order}, {@code erp_order_item} and {@code erp_order_payment}.
 */
public final class JushuitanOrderMapper extends JushuitanMapper {

    private final TableSchema orders;
    private final TableSchema items;
    private final TableSchema payments;

    private final Set<String> deletedStatuses;

    /** @param deletedStatuses statuses under which the order no longer exists ({@code is_deleted = true}) */
    public JushuitanOrderMapper(TableCatalog catalog, Set<String> deletedStatuses) {
        super(catalog);
        this.deletedStatuses = Set.copyOf(deletedStatuses);
        this.orders = catalog.table("erp_order");
        this.items = catalog.table("erp_order_item");
        this.payments = catalog.table("erp_order_payment");
    }

    @Override
    protected String businessId(ErpObject order) {
        return Long.toString(longValue(order, "o_id", true));
    }

    @Override
    protected String modified(ErpObject order, ErpRecord raw) {
        return dateTime(order, "modified", true);
    }

    @Override
    protected void rows(ErpObject o, Context c, List<Row> out) {
        long oId = Long.parseLong(c.businessId());
        out.add(row(orders, c).set("o_id", oId)
                .set("so_id", text(o, "so_id", false))
                .set("shop_id", longValue(o, "shop_id", false))
                .set("shop_name", text(o, "shop_name", false))
                .set("order_type", text(o, "type", false))
                .set("status", text(o, "status", false))
                .set("is_deleted", deleted(o))
                .set("order_date", dateTime(o, "order_date", false))
                .set("pay_date", dateTime(o, "pay_date", false))
                .set("send_date", dateTime(o, "send_date", false))
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
                .build());
        List<ErpObject> itemList = objects(o, "items");
        if (itemList != null) {
            for (ErpObject i : itemList) {
                out.add(row(items, c).set("oi_id", longValue(i, "oi_id", true)).set("o_id", oId)
                        .set("sku_id", text(i, "sku_id", false))
                        .set("i_id", text(i, "i_id", false))
                        .set("name", text(i, "name", false))
                        .set("properties_value", text(i, "properties_value", false))
                        .set("qty", intValue(i, "qty", false))
                        .set("price", decimal(i, "price"))
                        .set("amount", decimal(i, "amount"))
                        .set("refund_status", text(i, "refund_status", false))
                        .build());
            }
        }
        List<ErpObject> payList = objects(o, "pays");
        if (payList != null) {
            for (ErpObject p : payList) {
                out.add(row(payments, c).set("pay_id", longValue(p, "pay_id", true)).set("o_id", oId)
                        .set("outer_pay_id", text(p, "outer_pay_id", false))
                        .set("pay_date", dateTime(p, "pay_date", false))
                        .set("amount", decimal(p, "amount"))
                        .set("payment", text(p, "payment", false))
                        .set("status", text(p, "status", false))
                        .build());
            }
        }
    }

    private boolean deleted(ErpObject record) {
        String status = text(record, "status", false);
        return status != null && deletedStatuses.contains(status);
    }
}
