package bi.ingest.normalize;

import static bi.ingest.normalize.JsonFields.dateTime;
import static bi.ingest.normalize.JsonFields.decimal;
import static bi.ingest.normalize.JsonFields.intValue;
import static bi.ingest.normalize.JsonFields.longValue;
import static bi.ingest.normalize.JsonFields.objects;
import static bi.ingest.normalize.JsonFields.text;

import java.util.List;
import java.util.Set;

/** A Jushuitan after-sale ({@code datas} of {@code /open/refund/single/query}) to {@code erp_refund} and its lines. */
public final class JushuitanRefundMapper extends JushuitanMapper {

    private final TableSchema refunds;
    private final TableSchema items;

    private final Set<String> deletedStatuses;

    /** @param deletedStatuses statuses under which the refund no longer exists ({@code is_deleted = true}) */
    public JushuitanRefundMapper(TableCatalog catalog, Set<String> deletedStatuses) {
        super(catalog);
        this.deletedStatuses = Set.copyOf(deletedStatuses);
        this.refunds = catalog.table("erp_refund");
        this.items = catalog.table("erp_refund_item");
    }

    @Override
    protected String businessId(ErpObject r) {
        return Long.toString(longValue(r, "as_id", true));
    }

    @Override
    protected String modified(ErpObject r, ErpRecord raw) {
        return dateTime(r, "modified", true);
    }

    @Override
    protected void rows(ErpObject r, Context c, List<Row> out) {
        long asId = Long.parseLong(c.businessId());
        out.add(row(refunds, c).set("as_id", asId)
                .set("o_id", longValue(r, "o_id", false))
                .set("so_id", text(r, "so_id", false))
                .set("outer_as_id", text(r, "outer_as_id", false))
                .set("shop_id", longValue(r, "shop_id", false))
                .set("as_date", dateTime(r, "as_date", false))
                .set("refund_type", text(r, "type", false))
                .set("status", text(r, "status", false))
                .set("is_deleted", deleted(r))
                .set("good_status", text(r, "good_status", false))
                .set("question_type", text(r, "question_type", false))
                .set("refund", decimal(r, "refund"))
                .set("payment", decimal(r, "payment"))
                .set("remark", text(r, "remark", false))
                .set("row_version", longValue(r, "ts", false))
                .build());
        List<ErpObject> lines = objects(r, "items");
        if (lines != null) {
            for (ErpObject i : lines) {
                out.add(row(items, c).set("asi_id", longValue(i, "asi_id", true)).set("as_id", asId)
                        .set("sku_id", text(i, "sku_id", false))
                        .set("name", text(i, "name", false))
                        .set("item_type", text(i, "type", false))
                        .set("qty", intValue(i, "qty", false))
                        .set("amount", decimal(i, "amount"))
                        .build());
            }
        }
    }

    private boolean deleted(ErpObject record) {
        String status = text(record, "status", false);
        return status != null && deletedStatuses.contains(status);
    }
}
