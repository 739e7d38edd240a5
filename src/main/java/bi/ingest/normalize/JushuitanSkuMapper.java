package bi.ingest.normalize;

import static bi.ingest.normalize.JsonFields.dateTime;
import static bi.ingest.normalize.JsonFields.decimal;
import static bi.ingest.normalize.JsonFields.intValue;
import static bi.ingest.normalize.JsonFields.text;

import java.util.List;

/** A Jushuitan SKU ({@code datas} of {@code /open/sku/query}) to {@code erp_sku}. */
public final class JushuitanSkuMapper extends JushuitanMapper {

    private final TableSchema skus;

    public JushuitanSkuMapper(TableCatalog catalog) {
        super(catalog);
        this.skus = catalog.table("erp_sku");
    }

    @Override
    protected String businessId(ErpObject r) {
        return text(r, "sku_id", true);
    }

    @Override
    protected String modified(ErpObject r, ErpRecord raw) {
        return dateTime(r, "modified", true);
    }

    @Override
    protected void rows(ErpObject r, Context c, List<Row> out) {
        out.add(row(skus, c).set("sku_id", c.businessId())
                .set("i_id", text(r, "i_id", false))
                .set("name", text(r, "name", false))
                .set("properties_value", text(r, "properties_value", false))
                .set("category", text(r, "category", false))
                .set("brand", text(r, "brand", false))
                .set("sale_price", decimal(r, "sale_price"))
                .set("cost_price", decimal(r, "cost_price"))
                .set("weight", decimal(r, "weight"))
                .set("enabled", intValue(r, "enabled", false))
                .set("created", dateTime(r, "created", false))
                .build());
    }
}
