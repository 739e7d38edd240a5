package bi.ingest.erp.leke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.load.JsonRows;
import bi.ingest.normalize.ErpRecord;
import bi.ingest.normalize.InvalidRecordException;
import bi.ingest.normalize.Row;
import bi.ingest.normalize.TableCatalog;
import bi.ingest.sandbox.LekeFeed;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LekeEventNormalizerTest {

    private static final TableCatalog CATALOG = TableCatalog.fromClasspath();
    private final LekeProperties props = new LekeProperties();
    private final LekeEventNormalizer normalizer = new LekeEventNormalizer(CATALOG, props);

    @Test
    void anOrderFillsOrderLinesPaymentsAndTheRawEvent() {
        List<Row> rows = normalize(LekeFeed.order("order.updated", "t-1", "LK1", "2026-11-24T10:15:02.120+08:00", "PAID", 2, 1));
        assertThat(rows).extracting(r -> r.table().name())
                .containsExactly("erp_order", "erp_order_item", "erp_order_item", "erp_order_payment", "erp_raw_event");
        assertThat(rows.get(0).get("is_deleted")).isEqualTo(false);
        Row order = rows.get(0);
        assertThat(order.get("source")).isEqualTo("leke");
        assertThat(order.get("account")).isEqualTo("t-1");
        assertThat(order.get("o_id")).isEqualTo(LekeIds.of("order", "LK1"));
        assertThat(order.get("so_id")).isEqualTo("LK1");
        assertThat(order.get("modified")).isEqualTo("2026-11-24 10:15:02");
        assertThat(order.get("order_date")).isEqualTo("2026-11-24 10:01:00");
        assertThat(order.get("pay_amount")).isEqualTo(new BigDecimal("200.00"));
        assertThat(order.get("receiver_city")).isEqualTo("杭州市");
        assertThat(order.get("currency")).isEqualTo("CNY");
        assertThat(rows.get(2).get("line_no")).isEqualTo(2);
        assertThat(rows.get(2).get("o_id")).isEqualTo(order.get("o_id"));
        assertThat(rows.get(3).get("outer_pay_id")).isEqualTo("LK1-P1");
        assertThat(rows.get(4).get("business_id")).isEqualTo("LK1");
    }

    @Test
    void timesAreStoredInShanghaiTimeWhateverOffsetTheyCarry() {
        assertThat(normalize(LekeFeed.stock("t-1", "W1", "SKU-1", 5, 1, "2026-11-24T02:15:02Z")).get(0).get("modified"))
                .isEqualTo("2026-11-24 10:15:02");
        assertThat(normalize(LekeFeed.stock("t-1", "W1", "SKU-1", 5, 1, "2026-11-24 10:15:02")).get(0).get("modified"))
                .isEqualTo("2026-11-24 10:15:02");
        assertThat(normalize(LekeFeed.stock("t-1", "W1", "SKU-1", 5, 1, "2026-11-24T11:15:02+09:00")).get(0).get("modified"))
                .isEqualTo("2026-11-24 10:15:02");
    }

    @Test
    void aDeletedOrderIsItsNewestVersionMarkedDeleted() {
        List<Row> rows = normalize(LekeFeed.orderDeleted("t-1", "LK1", "2026-11-25T08:00:00+08:00"));
        assertThat(rows).extracting(r -> r.table().name()).containsExactly("erp_order", "erp_raw_event");
        Row order = rows.get(0);
        assertThat(order.get("is_deleted")).isEqualTo(true);
        assertThat(order.get("modified")).isEqualTo("2026-11-25 08:00:00");
        Row created = normalize(LekeFeed.order("order.created", "t-1", "LK1", "2026-11-24T08:00:00+08:00", "PAID", 3, 3)).get(0);
        assertThat(order.get("o_id")).isEqualTo(created.get("o_id"));
        assertThat(created.get("is_deleted")).isEqualTo(false);
        // an upsert like any version: the load's merge condition keeps it against older versions
        assertThat(new String(JsonRows.toJsonArray(rows.subList(0, 1)), StandardCharsets.UTF_8))
                .contains("\"is_deleted\":true").doesNotContain("__op");
    }

    @Test
    void refundsAndStockFillTheirTables() {
        List<Row> refund = normalize(LekeFeed.refund("refund.created", "t-1", "RF1", "LK1", "APPLIED", "2026-11-24T12:00:00+08:00", 2));
        assertThat(refund).extracting(r -> r.table().name()).containsExactly("erp_refund", "erp_refund_item", "erp_refund_item", "erp_raw_event");
        assertThat(refund.get(0).get("o_id")).isEqualTo(LekeIds.of("order", "LK1"));
        assertThat(refund.get(0).get("refund")).isEqualTo(new BigDecimal("99.50"));
        List<Row> stock = normalize(LekeFeed.stock("t-1", "W1", "SKU-1", 5, 1, "2026-11-24T12:00:00+08:00"));
        assertThat(stock.get(0).get("warehouse_code")).isEqualTo("W1");
        assertThat(stock.get(0).get("order_lock")).isEqualTo(1);
        assertThat(stock.get(1).get("business_id")).isEqualTo("W1:SKU-1");
    }

    @Test
    void aTenantMayMapToAnAccount() {
        props.setAccounts(Map.of("t-1", "shop-a"));
        assertThat(normalize(LekeFeed.stock("t-1", "W1", "SKU-1", 5, 1, "2026-11-24T12:00:00+08:00")).get(0).get("account"))
                .isEqualTo("shop-a");
    }

    @Test
    void theSameEventGivesByteIdenticalRows() {
        Map<String, Object> e = LekeFeed.order("order.created", "t-1", "LK1", "2026-11-24T08:00:00+08:00", "PAID", 3, 2);
        assertThat(JsonRows.toJsonArray(normalize(e))).isEqualTo(JsonRows.toJsonArray(normalize(e)));
    }

    @Test
    void unknownTypesVersionsAndMissingFieldsAreRefusedWithTheReason() {
        Map<String, Object> unknownType = LekeFeed.stock("t-1", "W1", "S", 1, 0, "2026-11-24T12:00:00+08:00");
        unknownType.put("event_type", "stock.frozen");
        assertRefused(unknownType, "unknown event_type \"stock.frozen\"");
        Map<String, Object> futureVersion = LekeFeed.stock("t-1", "W1", "S", 1, 0, "2026-11-24T12:00:00+08:00");
        futureVersion.put("schema_version", 2);
        assertRefused(futureVersion, "unknown schema_version 2");
        Map<String, Object> noTenant = LekeFeed.stock("t-1", "W1", "S", 1, 0, "2026-11-24T12:00:00+08:00");
        noTenant.remove("tenant_id");
        assertRefused(noTenant, "field 'tenant_id' is required but missing");
        assertRefused(LekeFeed.stock("t-1", "W1", "S", 1, 0, "yesterday"), "expected an ISO-8601 time, got \"yesterday\"");
        assertRefused(LekeFeed.order("order.created", "t-1", "LK1", "2026-11-24T08:00:00+08:00", "PAID", 201, 0),
                "201 lines, more than bi.leke.max-lines-per-order=200");
        assertThatThrownBy(() -> normalizer.normalize(record("{\"event_id\":".getBytes(StandardCharsets.UTF_8)), r -> { }))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("malformed JSON");
    }

    private void assertRefused(Map<String, Object> event, String reason) {
        List<Row> emitted = new ArrayList<>();
        assertThatThrownBy(() -> normalizer.normalize(record(event), emitted::add))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining(reason);
        assertThat(emitted).isEmpty();
    }

    private List<Row> normalize(Map<String, Object> event) {
        List<Row> rows = new ArrayList<>();
        normalizer.normalize(record(event), rows::add);
        return rows;
    }

    private static ErpRecord record(Map<String, Object> event) {
        return record(LekeFeed.json(event));
    }

    private static ErpRecord record(byte[] value) {
        return new ErpRecord("leke", "events", null, null, LekeFeed.ORDERS, 0, 7, "k", value, null);
    }
}
