package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.OrderFeed;
import bi.ingest.sandbox.OrderGenerator;
import bi.ingest.sandbox.SandboxFault;
import bi.ingest.sandbox.SandboxTable;
import bi.ingest.sandbox.StreamLoadSandbox.ServedLoad;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
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
        assertThat(loadsSentAs("csv")).as("bodies sent as CSV").isPositive();
    }

    /**
     * CSV bodies separate fields by byte 0x01, end rows by 0x02 and read the text \N as NULL: a batch holding such a
     * value goes as JSON, and every value lands as it was sent, next to the tabs, line breaks and quotes CSV carries.
     */
    @Test
    void valuesCsvCannotCarryLandAsTheyWereSent() {
        String account = account("csv-unsafe");
        OrderGenerator gen = new OrderGenerator(1_100_000);
        Map<Long, String[]> sent = new LinkedHashMap<>(); // o_id -> remark, buyer_message

        // first only text CSV carries as it is: tabs, line breaks, quotes, backslashes, other control characters
        int csvBefore = loadsSentAs("csv");
        for (int n = 10; n < 30; n++) {
            send(account, gen, n, "tab\there, line\nbreak, \"quoted\", back\\slash \\N, 第" + n + "条", sent);
        }
        awaitLoaded(account, sent.size());
        assertThat(loadsSentAs("csv")).as("batches sent as CSV").isGreaterThan(csvBefore);

        // then values CSV cannot carry, among others
        int jsonBefore = loadsSentAs("json");
        for (int n = 0; n < 10; n++) {
            send(account, gen, n, switch (n) {
                case 7 -> "\\N";
                case 8 -> "before \u0001 after";
                case 9 -> "a row ends here \u0002 or not";
                default -> "第" + n + "条";
            }, sent);
        }
        awaitLoaded(account, sent.size());
        assertThat(loadsSentAs("json")).as("batches sent as JSON").isGreaterThan(jsonBefore);

        Map<Long, Map<String, Object>> loaded = STREAMLOAD.table("erp_order").rowsOf(account).stream()
                .collect(Collectors.toMap(r -> (Long) r.get("o_id"), r -> r));
        sent.forEach((oId, values) -> {
            assertThat(loaded.get(oId).get("remark")).as("remark of %s", oId).isEqualTo(values[0]);
            assertThat(loaded.get(oId).get("buyer_message")).as("buyer_message of %s", oId).isEqualTo(values[1]);
        });
        assertThat(STREAMLOAD.table("erp_raw_event").count("account", account)).isEqualTo(sent.size());
    }

    private static void send(String account, OrderGenerator gen, int n, String remark, Map<Long, String[]> sent) {
        Map<String, Object> order = gen.order(n, 0);
        order.put("remark", remark);
        order.put("buyer_message", n % 2 == 0 ? "留言 " + n : "\u0003 other control characters \r\n");
        sent.put(gen.orderId(n), new String[] {remark, (String) order.get("buyer_message")});
        FEED.sendRaw(account, String.valueOf(gen.orderId(n)), gen.json(order), OrderFeed.eventId(gen.orderId(n), 0));
        KAFKA.flush();
    }

    private static void awaitLoaded(String account, int orders) {
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC)
                && STREAMLOAD.table("erp_order").count("account", account) == orders);
    }

    private static int loadsSentAs(String format) {
        return STREAMLOAD.loadsIn(format);
    }

    /**
     * A batch's partitions load at the same time: while one partition's erp_order load takes a second, another
     * partition's is served (before, a consumer thread loaded its partitions one after the other); and every order
     * still lands once.
     */
    @Test
    void theBatchesOfDifferentPartitionsLoadAtTheSameTime() {
        String account = account("partitions");
        Map<TopicPartition, Long> before = KAFKA.endOffsets(TOPIC);
        STREAMLOAD.inject(SandboxFault.SLOW, "erp_order", 6, Duration.ofSeconds(1));
        try {
            FEED.send(account, new OrderGenerator(3_000_000), 600);
            await().atMost(Duration.ofSeconds(90)).until(() -> KAFKA.fullyCommitted(GROUP, TOPIC));
        } finally {
            STREAMLOAD.clearFaults();
        }
        assertThat(STREAMLOAD.table("erp_order").count("account", account)).isEqualTo(600);
        assertThat(STREAMLOAD.table("erp_order").committed(r -> account.equals(r.get("account")))).as("each loaded once").isEqualTo(600);

        // this route's loads of the new records: label <prefix>_erp_order_<topic>_<partition>_<first>_<last>, the
        // topic's dots made underscores and a hash of the raw label appended (LoadLabels)
        String table = "_erp_order_" + TOPIC.replace('.', '_') + "_";
        List<ServedLoad> ours = STREAMLOAD.servedLoads().stream()
                .filter(l -> l.table().equals("erp_order") && l.label() != null && l.label().contains(table))
                .filter(l -> firstOffset(l) >= before.get(new TopicPartition(TOPIC, partition(l))))
                .toList();
        assertThat(ours.stream().map(LoadPathEndToEndTest::partition).distinct().count()).as("partitions loaded").isEqualTo(3);
        boolean sameTime = ours.stream().anyMatch(a -> ours.stream().anyMatch(b -> partition(a) != partition(b) && a.overlaps(b)));
        assertThat(sameTime).as("two partitions' loads served at the same time: %s", ours).isTrue();
    }

    private static int partition(ServedLoad load) {
        return Integer.parseInt(labelParts(load)[2]);
    }

    private static long firstOffset(ServedLoad load) {
        return Long.parseLong(labelParts(load)[1]);
    }

    /** The label's last offset, first offset and partition, from its end. */
    private static String[] labelParts(ServedLoad load) {
        String[] parts = load.label().replaceFirst("-[0-9a-f]+$", "").split("_");
        return new String[] {parts[parts.length - 1], parts[parts.length - 2], parts[parts.length - 3]};
    }
}
