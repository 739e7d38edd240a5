package bi.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.load.JsonRows;
import bi.ingest.sandbox.OrderGenerator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JushuitanOrderMapperTest {

    private static final TableCatalog CATALOG = TableCatalog.fromClasspath();
    private final JushuitanOrderMapper mapper = new JushuitanOrderMapper(CATALOG, Set.of());
    private final OrderGenerator gen = new OrderGenerator(100);

    @Test
    void anOrderFillsFourTables() {
        Map<String, Object> order = gen.order(1, 0);
        List<Row> rows = normalize(gen.json(order));
        int items = ((List<?>) order.get("items")).size();
        assertThat(rows).extracting(r -> r.table().name()).containsOnly("erp_raw_event", "erp_order", "erp_order_item", "erp_order_payment");
        assertThat(rows).filteredOn(r -> r.table().name().equals("erp_order_item")).hasSize(items);
        Row o = rows.stream().filter(r -> r.table().name().equals("erp_order")).findFirst().orElseThrow();
        assertThat(o.get("o_id")).isEqualTo(101L);
        assertThat(o.get("account")).isEqualTo("acct");
        assertThat(o.get("pay_amount")).isEqualTo(new BigDecimal(order.get("pay_amount").toString()));
        assertThat(o.get("event_id")).isEqualTo(42L);
    }

    @Test
    void normalizingTheSameRecordTwiceGivesByteIdenticalRows() {
        byte[] value = gen.json(gen.order(2, 1));
        assertThat(JsonRows.toJsonArray(normalize(value))).isEqualTo(JsonRows.toJsonArray(normalize(value)));
    }

    @Test
    void decimalNumbersKeepEveryDigit() {
        byte[] json = ("{\"o_id\": 9, \"modified\": \"2026-01-01 00:00:00\", \"pay_amount\": 12345678901234.5678,"
                + " \"freight\": 0.1, \"items\": [], \"pays\": []}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Row o = normalize(json).stream().filter(r -> r.table().name().equals("erp_order")).findFirst().orElseThrow();
        assertThat(o.get("pay_amount")).isEqualTo(new BigDecimal("12345678901234.5678"));
        assertThat(o.get("freight")).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void numbersSentAsStringsAreAccepted() {
        Map<String, Object> order = new LinkedHashMap<>(gen.order(3, 0));
        order.put("o_id", "103");
        order.put("shop_id", "10001");
        order.put("freight", "");
        Row o = normalize(gen.json(order)).stream().filter(r -> r.table().name().equals("erp_order")).findFirst().orElseThrow();
        assertThat(o.get("o_id")).isEqualTo(103L);
        assertThat(o.get("shop_id")).isEqualTo(10001L);
        assertThat(o.get("freight")).isNull();
    }

    @Test
    void aBadItemRejectsTheWholeOrderWithoutEmittingAnyRow() {
        Map<String, Object> order = new LinkedHashMap<>(gen.order(4, 0));
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(Map.of("oi_id", 1, "qty", "many"));
        order.put("items", items);
        List<Row> rows = new ArrayList<>();
        assertThatThrownBy(() -> mapper.normalize(record(gen.json(order)), rows::add))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("field 'qty': expected an integer");
        assertThat(rows).isEmpty();
    }

    @Test
    void textLongerThanTheColumnIsRejectedWithTheColumnNamed() {
        Map<String, Object> order = new LinkedHashMap<>(gen.order(5, 0));
        order.put("shop_name", "店".repeat(100)); // 300 bytes > VARCHAR(256)
        assertThatThrownBy(() -> normalize(gen.json(order)))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("erp_order.shop_name is 300 bytes");
    }

    @Test
    void aMalformedTimeIsRejected() {
        Map<String, Object> order = new LinkedHashMap<>(gen.order(6, 0));
        order.put("modified", "2026/01/01");
        assertThatThrownBy(() -> normalize(gen.json(order))).hasMessageContaining("expected yyyy-MM-dd HH:mm:ss");
    }

    @Test
    void aMissingAccountHeaderIsRejected() {
        ErpRecord r = new ErpRecord("jushuitan", "orders", null, 1L, "t", 0, 0, "k", gen.json(gen.order(7, 0)), null);
        assertThatThrownBy(() -> mapper.normalize(r, row -> { })).hasMessageContaining("bi-account");
    }

    private List<Row> normalize(byte[] value) {
        List<Row> rows = new ArrayList<>();
        mapper.normalize(record(value), rows::add);
        return rows;
    }

    private static ErpRecord record(byte[] value) {
        return new ErpRecord("jushuitan", "orders", "acct", 42L, "erp.jushuitan.orders", 0, 7, "k", value, null);
    }
}
