package bi.ingest.erp.leke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.load.ConsumerLag;
import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.LiveViews;
import bi.ingest.sandbox.SandboxTable;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Leke's change events through the real broker and the multi-topic route into the Stream Load sandbox. */
class LekeEventsTest extends LoadPathTestSupport {

    static final String LEKE_GROUP = GROUP_PREFIX + ".leke";
    static final String LEKE_ROUTE = "load-leke";
    static final LekeFeed LEKE = new LekeFeed(KAFKA);

    @Autowired
    ConsumerLag lag;

    @Autowired
    MeterRegistry meters;

    @Test
    void everyEventTypeLandsAsItsRows() {
        String tenant = account("leke-all");
        LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.created", tenant, "LK1", "2026-11-24T10:01:00+08:00", "WAIT_PAY", 2, 0));
        LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.updated", tenant, "LK1", "2026-11-24T10:15:02+08:00", "PAID", 3, 2));
        LEKE.send(LekeFeed.REFUNDS, LekeFeed.refund("refund.created", tenant, "RF1", "LK1", "APPLIED", "2026-11-24T12:00:00+08:00", 1));
        LEKE.send(LekeFeed.REFUNDS, LekeFeed.refund("refund.updated", tenant, "RF1", "LK1", "REFUNDED", "2026-11-24T13:00:00+08:00", 1));
        LEKE.send(LekeFeed.STOCK, LekeFeed.stock(tenant, "W1", "SKU-1", 40, 3, "2026-11-24T09:00:00Z"));
        LEKE.flush();

        // a batch's tables load at the same time: its offsets are committed once all of them loaded
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_raw_event", tenant).size() == 5
                && "REFUNDED".equals(only("erp_refund", tenant).get("status")) && everyLekeTopicCommitted());

        Map<String, Object> order = only("erp_order", tenant);
        assertThat(order).containsEntry("source", "leke").containsEntry("so_id", "LK1").containsEntry("status", "PAID")
                .containsEntry("modified", "2026-11-24 10:15:02").containsEntry("order_date", "2026-11-24 10:01:00")
                .containsEntry("receiver_state", "浙江省").containsEntry("buyer_id", "小王").containsEntry("shop_code", "S01");
        assertThat((BigDecimal) order.get("pay_amount")).isEqualByComparingTo("300.00");
        assertThat((BigDecimal) order.get("discount")).isEqualByComparingTo("10.00");
        assertThat(rows("erp_order_item", tenant)).hasSize(3).allMatch(r -> r.get("o_id").equals(order.get("o_id")))
                .extracting(r -> r.get("sku_id")).containsExactlyInAnyOrder("SKU-1", "SKU-2", "SKU-3");
        assertThat(rows("erp_order_payment", tenant)).extracting(r -> r.get("outer_pay_id")).containsExactlyInAnyOrder("LK1-P1", "LK1-P2");
        Map<String, Object> refund = only("erp_refund", tenant);
        assertThat(refund).containsEntry("outer_as_id", "RF1").containsEntry("o_id", order.get("o_id"));
        assertThat((BigDecimal) refund.get("refund")).isEqualByComparingTo("99.50");
        assertThat(rows("erp_refund_item", tenant)).hasSize(1);
        assertThat(only("erp_inventory", tenant)).containsEntry("warehouse_code", "W1").containsEntry("sku_id", "SKU-1")
                .containsEntry("qty", 40L).containsEntry("order_lock", 3L).containsEntry("modified", "2026-11-24 17:00:00");
    }

    @Test
    void aDeleteMarksTheOrderDeletedAndTheViewsDropItWithItsLinesAndPayments() {
        String tenant = account("leke-delete");
        LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.created", tenant, "LK-D", "2026-11-24T10:00:00+08:00", "PAID", 4, 2));
        LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.created", tenant, "LK-KEEP", "2026-11-24T10:00:00+08:00", "PAID", 1, 1));
        LEKE.flush();
        // the payments are a load of their own, after the lines': wait for the whole batch
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_order_item", tenant).size() == 5
                && KAFKA.fullyCommitted(LEKE_GROUP, LekeFeed.ORDERS));
        assertThat(rows("erp_order_payment", tenant)).hasSize(3);

        LEKE.send(LekeFeed.ORDERS, LekeFeed.orderDeleted(tenant, "LK-D", "2026-11-24T11:00:00+08:00"));
        LEKE.flush();

        // the deletion is in the audit table too; the order's row is loaded at the same time, done at the commit
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_raw_event", tenant).size() == 3
                && KAFKA.fullyCommitted(LEKE_GROUP, LekeFeed.ORDERS));
        assertThat(rows("erp_order", tenant)).filteredOn(r -> "LK-D".equals(r.get("so_id"))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("is_deleted", true).containsEntry("modified", "2026-11-24 11:00:00"));
        LiveViews views = new LiveViews(STREAMLOAD);
        assertThat(views.rows("erp_order_live", r -> tenant.equals(r.get("account")))).extracting(r -> r.get("so_id")).containsExactly("LK-KEEP");
        assertThat(views.rows("erp_order_item_live", r -> tenant.equals(r.get("account")))).hasSize(1);
        assertThat(views.rows("erp_order_payment_live", r -> tenant.equals(r.get("account"))))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("outer_pay_id", "LK-KEEP-P1"));
    }

    @Test
    void anOlderUpdateAfterANewerOneChangesNothing() {
        String tenant = account("leke-order");
        LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.updated", tenant, "LK-O", "2026-11-24T12:00:00+08:00", "SHIPPED", 1, 1));
        LEKE.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_order", tenant).size() == 1);
        LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.updated", tenant, "LK-O", "2026-11-24T11:00:00+08:00", "PAID", 2, 1));
        LEKE.send(LekeFeed.STOCK, LekeFeed.stock(tenant, "W1", "SKU-9", 7, 0, "2026-11-24T12:00:00+08:00"));
        LEKE.send(LekeFeed.STOCK, LekeFeed.stock(tenant, "W1", "SKU-9", 99, 0, "2026-11-24T08:00:00+08:00"));
        LEKE.flush();
        // the older version was loaded (its raw event is there), and the newer rows stayed
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_raw_event", tenant).size() == 4 && everyLekeTopicCommitted());
        assertThat(only("erp_order", tenant)).containsEntry("status", "SHIPPED").containsEntry("modified", "2026-11-24 12:00:00");
        assertThat(rows("erp_order_item", tenant)).hasSize(2); // line 2 is new, line 1 kept its newer version
        assertThat(rows("erp_order_item", tenant)).filteredOn(r -> Long.valueOf(1).equals(r.get("line_no")))
                .singleElement().satisfies(r -> assertThat(r.get("modified")).isEqualTo("2026-11-24 12:00:00"));
        assertThat(only("erp_inventory", tenant)).containsEntry("qty", 7L);
    }

    @Test
    void unknownTypesAndVersionsGoToTheDeadLetterTopicWithTheReasonAndTheTopicKeepsFlowing() {
        String tenant = account("leke-bad");
        Map<String, Object> unknownType = LekeFeed.stock(tenant, "W1", "S1", 1, 0, "2026-11-24T12:00:00+08:00");
        unknownType.put("event_type", "stock.frozen");
        Map<String, Object> newVersion = LekeFeed.stock(tenant, "W1", "S2", 1, 0, "2026-11-24T12:00:00+08:00");
        newVersion.put("schema_version", 2);
        LEKE.send(LekeFeed.STOCK, 0, unknownType);
        LEKE.send(LekeFeed.STOCK, 0, newVersion);
        LEKE.sendRaw(LekeFeed.STOCK, tenant + ":broken", ("{\"tenant_id\":\"" + tenant + "\",").getBytes(StandardCharsets.UTF_8));
        LEKE.send(LekeFeed.STOCK, 0, LekeFeed.stock(tenant, "W1", "S3", 3, 0, "2026-11-24T12:00:00+08:00"));
        LEKE.flush();

        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_inventory", tenant).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(tenant).size() == 3);
        assertThat(parked(tenant)).extracting(r -> header(r, "bi-dlq-reason")).containsExactlyInAnyOrder(
                "unknown event_type \"stock.frozen\" (known: [order.created, order.updated, order.deleted, refund.created, refund.updated, stock.changed])",
                "unknown schema_version 2 of stock.changed (this build reads version 1)",
                "malformed JSON: the record ends inside an object");
        assertThat(parked(tenant)).allMatch(r -> LekeFeed.STOCK.equals(header(r, "bi-dlq-origin-topic")));
    }

    @Test
    void aTopicCreatedWhileTheServiceRunsIsConsumedWithoutARestart() {
        String tenant = account("leke-new-topic");
        String topic = "erp.leke.orders_" + Long.toHexString(System.nanoTime());
        KAFKA.createTopic(topic, 2);
        LEKE.send(topic, LekeFeed.order("order.created", tenant, "LK-N", "2026-11-24T10:00:00+08:00", "PAID", 1, 1));
        LEKE.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_order", tenant).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> KAFKA.fullyCommitted(LEKE_GROUP, topic));
    }

    @Test
    void partitionsAddedToATopicAreConsumed() throws Exception {
        String tenant = account("leke-partitions");
        String topic = "erp.leke.stock_" + Long.toHexString(System.nanoTime());
        KAFKA.createTopic(topic, 1);
        LEKE.send(topic, LekeFeed.stock(tenant, "W1", "SKU-A", 1, 0, "2026-11-24T10:00:00+08:00"));
        LEKE.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_inventory", tenant).size() == 1);

        KAFKA.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();
        LEKE.send(topic, 2, LekeFeed.stock(tenant, "W1", "SKU-B", 2, 0, "2026-11-24T10:00:00+08:00"));
        LEKE.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("erp_inventory", tenant).size() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> KAFKA.committed(LEKE_GROUP, topic).get(new TopicPartition(topic, 2)) != null);
    }

    @Test
    void theLagOfTheLekeGroupIsWhatTheAdminClientReports() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(LEKE_GROUP, LekeFeed.ORDERS));
        camel.getRouteController().stopRoute(LEKE_ROUTE);
        String tenant = account("leke-lag");
        try {
            for (int n = 0; n < 30; n++) {
                LEKE.send(LekeFeed.ORDERS, LekeFeed.order("order.created", tenant, "LK-L" + n, "2026-11-24T10:00:00+08:00", "PAID", 1, 0));
            }
            LEKE.flush();
            lag.refresh();
            Map<TopicPartition, OffsetAndMetadata> committed = KAFKA.admin().listConsumerGroupOffsets(LEKE_GROUP)
                    .partitionsToOffsetAndMetadata().get();
            long total = 0;
            for (Map.Entry<TopicPartition, Long> end : KAFKA.endOffsets(LekeFeed.ORDERS).entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                long expected = end.getValue() - (done == null ? earliest(end.getKey()) : done.offset());
                total += expected;
                assertThat(gauge(end.getKey())).as("lag of %s", end.getKey()).isEqualTo(expected);
            }
            assertThat(total).isEqualTo(30);
        } finally {
            camel.getRouteController().startRoute(LEKE_ROUTE);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> KAFKA.fullyCommitted(LEKE_GROUP, LekeFeed.ORDERS));
        lag.refresh();
        KAFKA.endOffsets(LekeFeed.ORDERS).keySet().forEach(tp -> assertThat(gauge(tp)).isZero());
        assertThat(rows("erp_order", tenant)).hasSize(30);
    }

    /** Every batch polled from Leke's topics has loaded all its tables. */
    private static boolean everyLekeTopicCommitted() {
        return KAFKA.fullyCommitted(LEKE_GROUP, LekeFeed.ORDERS) && KAFKA.fullyCommitted(LEKE_GROUP, LekeFeed.REFUNDS)
                && KAFKA.fullyCommitted(LEKE_GROUP, LekeFeed.STOCK);
    }

    private long earliest(TopicPartition tp) throws Exception {
        return KAFKA.admin().listOffsets(Map.of(tp, OffsetSpec.earliest())).all().get().get(tp).offset();
    }

    private double gauge(TopicPartition tp) {
        return meters.get("bi.kafka.consumer.lag").tag("group", LEKE_GROUP).tag("topic", tp.topic())
                .tag("partition", Integer.toString(tp.partition())).gauge().value();
    }

    private static List<ConsumerRecord<String, byte[]>> parked(String tenant) {
        return KAFKA.readAll(LekeFeed.STOCK + ".dlq").stream().filter(r -> r.key() != null && r.key().startsWith(tenant)).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<Map<String, Object>> rows(String table, String account) {
        SandboxTable t = STREAMLOAD.table(table);
        return t.rows(r -> "leke".equals(r.get("source")) && account.equals(r.get("account")));
    }

    private static Map<String, Object> only(String table, String account) {
        List<Map<String, Object>> rows = rows(table, account);
        assertThat(rows).as("rows of %s in %s", account, table).hasSize(1);
        return rows.get(0);
    }
}
