package bi.ingest.erp.jushuitan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The entities bi-ingest pulls (specs/jushuitan.md, "Endpoints to pull", with the corrected page-size caps).
 * Each goes raw to {@code erp.jushuitan.<name>} keyed by its business id.
 */
public enum JushuitanEntity {
    ORDERS("orders", "/open/orders/single/query", "orders", 100, true, "start_ts", r -> text(r, "o_id")),
    REFUNDS("refunds", "/open/refund/single/query", "datas", 50, true, "start_ts", r -> text(r, "as_id")),
    INVENTORY("inventory", "/open/inventory/query", "inventorys", 100, true, "ts",
            r -> text(r, "sku_id") == null ? null : text(r, "sku_id") + "@" + (text(r, "wms_co_id") == null ? "0" : text(r, "wms_co_id"))),
    SKUS("skus", "/open/sku/query", "datas", 50, true, null, r -> text(r, "sku_id")),
    SHOPS("shops", "/open/shops/query", "datas", 100, false, null, r -> text(r, "shop_id"));

    private final String entity;
    private final String path;
    private final String listField;
    private final int pageSize;
    private final boolean windowed;
    private final String rowVersionParam;
    private final Function<JsonNode, String> businessId;

    JushuitanEntity(String entity, String path, String listField, int pageSize, boolean windowed,
                    String rowVersionParam, Function<JsonNode, String> businessId) {
        this.rowVersionParam = rowVersionParam;
        this.entity = entity;
        this.path = path;
        this.listField = listField;
        this.pageSize = pageSize;
        this.windowed = windowed;
        this.businessId = businessId;
    }

    public static JushuitanEntity named(String name) {
        return Arrays.stream(values()).filter(e -> e.entity.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown Jushuitan entity '" + name + "' (known: "
                        + Arrays.stream(values()).map(JushuitanEntity::entity).toList() + ")"));
    }

    /** The name used in topics, checkpoints and headers, e.g. {@code orders}. */
    public String entity() { return entity; }
    public String path() { return path; }
    public String listField() { return listField; }
    /** The API's page-size cap for this query. */
    public int pageSize() { return pageSize; }
    /** Queried by modified-time window (shops are listed whole). */
    public boolean windowed() { return windowed; }

    /**
     * The query's row-version cursor ({@code start_ts} on orders and refunds, {@code ts} on inventory: records with a
     * {@code ts} at least this, ordered by it), or null where only modified-time windows exist.
     */
    public String rowVersionParam() { return rowVersionParam; }

    public boolean hasRowVersion() { return rowVersionParam != null; }

    /** The Kafka key; null when the record lacks it (the load path then parks it in the DLQ with the reason). */
    public String businessId(JsonNode record) {
        return businessId.apply(record);
    }

    private static String text(JsonNode r, String field) {
        JsonNode n = r.get(field);
        return n == null || n.isNull() || n.isContainerNode() || n.asText().isEmpty() ? null : n.asText();
    }
}
