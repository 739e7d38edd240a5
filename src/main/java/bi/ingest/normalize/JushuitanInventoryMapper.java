package bi.ingest.normalize;

import static bi.ingest.normalize.JsonFields.dateTime;
import static bi.ingest.normalize.JsonFields.intValue;
import static bi.ingest.normalize.JsonFields.longValue;
import static bi.ingest.normalize.JsonFields.text;

import java.util.List;

/** A Jushuitan stock line ({@code inventorys} of {@code /open/inventory/query}) to {@code erp_inventory}. */
public final class JushuitanInventoryMapper extends JushuitanMapper {

    private final TableSchema inventory;

    public JushuitanInventoryMapper(TableCatalog catalog) {
        super(catalog);
        this.inventory = catalog.table("erp_inventory");
    }

    @Override
    protected String businessId(ErpObject r) {
        Long wms = longValue(r, "wms_co_id", false);
        return text(r, "sku_id", true) + "@" + (wms == null ? 0 : wms);
    }

    @Override
    protected String modified(ErpObject r, ErpRecord raw) {
        return dateTime(r, "modified", true);
    }

    @Override
    protected void rows(ErpObject r, Context c, List<Row> out) {
        Long wms = longValue(r, "wms_co_id", false);
        out.add(row(inventory, c)
                .set("wms_co_id", wms == null ? 0L : wms)
                .set("sku_id", text(r, "sku_id", true))
                .set("i_id", text(r, "i_id", false))
                .set("name", text(r, "name", false))
                .set("qty", intValue(r, "qty", false))
                .set("order_lock", intValue(r, "order_lock", false))
                .set("pick_lock", intValue(r, "pick_lock", false))
                .set("virtual_qty", intValue(r, "virtual_qty", false))
                .set("purchase_qty", intValue(r, "purchase_qty", false))
                .set("return_qty", intValue(r, "return_qty", false))
                .set("in_qty", intValue(r, "in_qty", false))
                .set("defective_qty", intValue(r, "defective_qty", false))
                .set("row_version", longValue(r, "ts", false))
                .build());
    }
}
