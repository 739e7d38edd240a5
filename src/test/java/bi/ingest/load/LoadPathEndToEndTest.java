package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.SandboxTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoadPathEndToEndTest extends LoadPathTestSupport {

    @Test
    void tenThousandOrdersLandAsExactlyTheExpectedRowsAndOffsetsAreCommitted() {
        String account = account("e2e");
        OrderGenerator gen = new OrderGenerator(1_000_000);
        List<Map<String, Object>> orders = FEED.send(account, gen, 10_000);
        int expectedItems = orders.stream().mapToInt(o -> ((List<?>) o.get("items")).size()).sum();

        await().atMost(Duration.ofSeconds(120)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));

        SandboxTable raw = STREAMLOAD.table("erp_raw_event");
        SandboxTable orderTable = STREAMLOAD.table("erp_order");
        SandboxTable items = STREAMLOAD.table("erp_order_item");
        SandboxTable payments = STREAMLOAD.table("erp_order_payment");
        assertThat(raw.count("account", account)).isEqualTo(10_000);
        assertThat(orderTable.count("account", account)).isEqualTo(10_000);
        assertThat(items.count("account", account)).isEqualTo(expectedItems);
        assertThat(payments.count("account", account)).isEqualTo(10_000);

        Map<Long, Map<String, Object>> loadedOrders = orderTable.rowsOf(account).stream()
                .collect(Collectors.toMap(r -> (Long) r.get("o_id"), r -> r));
        Map<Long, Map<String, Object>> loadedItems = items.rowsOf(account).stream()
                .collect(Collectors.toMap(r -> (Long) r.get("oi_id"), r -> r));
        for (Map<String, Object> o : orders) {
            long oId = ((Number) o.get("o_id")).longValue();
            Map<String, Object> row = loadedOrders.get(oId);
            assertThat(row).as("order %s", oId).isNotNull();
            assertThat(row.get("source")).isEqualTo("jushuitan");
            assertThat(row.get("so_id")).isEqualTo(o.get("so_id"));
            assertThat(row.get("shop_name")).isEqualTo(o.get("shop_name"));
            assertThat(row.get("status")).isEqualTo(o.get("status"));
            assertThat(row.get("modified")).isEqualTo(o.get("modified"));
            assertThat(row.get("receiver_city")).isEqualTo(o.get("receiver_city"));
            assertThat((BigDecimal) row.get("pay_amount")).isEqualByComparingTo(new BigDecimal(o.get("pay_amount").toString()));
            assertThat(row.get("row_version")).isEqualTo(((Number) o.get("ts")).longValue());
            assertThat(row.get("event_id")).isEqualTo(OrderFeed.eventId(oId, 0));
            for (Object i : (List<?>) o.get("items")) {
                Map<?, ?> item = (Map<?, ?>) i;
                Map<String, Object> itemRow = loadedItems.get(((Number) item.get("oi_id")).longValue());
                assertThat(itemRow.get("o_id")).isEqualTo(oId);
                assertThat(itemRow.get("name")).isEqualTo(item.get("name"));
                assertThat(itemRow.get("qty")).isEqualTo(Long.parseLong(item.get("qty").toString()));
                assertThat((BigDecimal) itemRow.get("price")).isEqualByComparingTo(new BigDecimal(item.get("price").toString()));
            }
        }
        Map<String, Object> someRaw = raw.rowsOf(account).get(0);
        assertThat(someRaw.get("entity")).isEqualTo("orders");
        assertThat(someRaw.get("payload").toString()).contains("\"o_id\":" + someRaw.get("business_id"));
    }
}
