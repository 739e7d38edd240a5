package bi.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Refunds, stock, SKUs and shops as the Jushuitan queries return them, into their tables. */
class JushuitanEntityMappersTest {

    private static final TableCatalog CATALOG = TableCatalog.fromClasspath();

    @Test
    void aRefundFillsItsRowAndItsLinesWithTypeDrift() {
        List<Row> rows = map(new JushuitanRefundMapper(CATALOG, Set.of("Cancelled")), "refunds", """
                {"as_id":"9001","o_id":77,"so_id":"SO77","type":"仅退款","status":"WaitConfirm","refund":"12.50",
                 "payment":12.5,"modified":"2026-11-20 10:00:00","ts":"1732070400000",
                 "items":[{"asi_id":90010,"sku_id":"SKU-1","qty":"2","amount":"25.00","type":"退货"}]}""", null);
        Map<String, Row> byTable = rows.stream().collect(Collectors.toMap(r -> r.table().name(), r -> r));
        assertThat(byTable).containsOnlyKeys("erp_raw_event", "erp_refund", "erp_refund_item");
        Row refund = byTable.get("erp_refund");
        assertThat(refund.get("as_id")).isEqualTo(9001L);
        assertThat(refund.get("refund_type")).isEqualTo("仅退款");
        assertThat((BigDecimal) refund.get("refund")).isEqualByComparingTo("12.50");
        assertThat(refund.get("row_version")).isEqualTo(1732070400000L);
        assertThat(byTable.get("erp_refund_item").get("qty")).isEqualTo(2);
        assertThat(byTable.get("erp_raw_event").get("business_id")).isEqualTo("9001");
        assertThat(refund.get("is_deleted")).isEqualTo(false);
    }

    @Test
    void aRefundInADeletedStatusIsItsNewestVersionMarkedDeleted() {
        List<Row> rows = map(new JushuitanRefundMapper(CATALOG, Set.of("Cancelled")), "refunds", """
                {"as_id":9002,"status":"Cancelled","refund":"0","modified":"2026-11-21 09:00:00"}""", null);
        Row refund = rows.stream().filter(r -> r.table().name().equals("erp_refund")).findFirst().orElseThrow();
        assertThat(refund.get("is_deleted")).isEqualTo(true);
        assertThat(refund.get("status")).isEqualTo("Cancelled");
        assertThat(refund.get("modified")).isEqualTo("2026-11-21 09:00:00");
    }

    @Test
    void stockIsKeyedBySkuAndWarehouse() {
        List<Row> rows = map(new JushuitanInventoryMapper(CATALOG), "inventory", """
                {"sku_id":"SKU-7","i_id":"I-7","qty":12,"order_lock":"3","virtual_qty":"","modified":"2026-11-20 10:00:00"}""", null);
        Row stock = rows.get(1);
        assertThat(stock.get("wms_co_id")).as("no warehouse: the company's total").isEqualTo(0L);
        assertThat(stock.get("order_lock")).isEqualTo(3);
        assertThat(stock.get("virtual_qty")).as("an empty string is absent").isNull();
        assertThat(rows.get(0).get("business_id")).isEqualTo("SKU-7@0");
    }

    @Test
    void aSkuWithoutItsIdOrModifiedTimeIsRefused() {
        JushuitanSkuMapper skus = new JushuitanSkuMapper(CATALOG);
        assertThatThrownBy(() -> map(skus, "skus", "{\"name\":\"x\",\"modified\":\"2026-11-20 10:00:00\"}", null))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("sku_id");
        assertThatThrownBy(() -> map(skus, "skus", "{\"sku_id\":\"S1\",\"modified\":\"20/11/2026\"}", null))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("modified");
        assertThat(map(skus, "skus", "{\"sku_id\":\"S1\",\"sale_price\":\"99.90\",\"modified\":\"2026-11-20 10:00:00\"}", null)
                .get(1).get("sale_price")).isEqualTo(new BigDecimal("99.90"));
    }

    @Test
    void aShopIsVersionedByWhenItWasPulledInTheErpsZone() {
        JushuitanShopMapper shops = new JushuitanShopMapper(CATALOG, ZoneId.of("Asia/Shanghai"));
        Row shop = map(shops, "shops", "{\"shop_id\":501,\"shop_name\":\"旗舰店\",\"created\":\"2025-01-01 00:00:00\"}",
                "2026-11-20T02:00:00Z").get(1);
        assertThat(shop.get("modified")).isEqualTo("2026-11-20 10:00:00");
        assertThat(shop.get("shop_name")).isEqualTo("旗舰店");
        assertThatThrownBy(() -> map(shops, "shops", "{\"shop_id\":501}", null))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("bi-pulled-at");
    }

    private static List<Row> map(JushuitanMapper mapper, String entity, String json, String pulledAt) {
        List<Row> rows = new ArrayList<>();
        mapper.normalize(new ErpRecord("jushuitan", entity, "acct", 42L, "erp.jushuitan." + entity, 0, 1, "k",
                json.getBytes(StandardCharsets.UTF_8), pulledAt), rows::add);
        return rows;
    }
}
