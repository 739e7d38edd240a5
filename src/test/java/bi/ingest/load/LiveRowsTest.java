package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.LekeFeed;
import bi.ingest.sandbox.LiveViews;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * What a BI query sees through the views of {@code config/starrocks/views.sql}: exactly the lines of each order's
 * newest version, whatever order versions arrive in, and deletes that no older version undoes. Versions go through the
 * real broker and load routes into the Stream Load sandbox; the views run as shipped over the sandbox's rows.
 */
class LiveRowsTest extends LoadPathTestSupport {

    private static final String REFUNDS = "erp.jushuitan.refunds";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 100);
    private static final Duration LOADED = Duration.ofSeconds(60);

    private final LiveViews views = new LiveViews(STREAMLOAD);

    @Test
    void aJushuitanOrderShowsTheLinesOfItsNewestVersionOnly() {
        String account = account("live-js-order");
        long oId = IDS.incrementAndGet();
        Map<String, Object> four = jushuitanOrder(oId, "2026-11-20 10:00:00", "WaitConfirm", 0, 1, 2, 3);
        long fourEvent = IDS.incrementAndGet();
        sendJushuitan(TOPIC, account, oId, four, fourEvent);
        awaitLoaded(() -> live("erp_order_item_live", account).size() == 4);
        assertOrderAddsUp(account, "pay_amount", 4, new BigDecimal("100.00"));

        // a newer version dropped lines 1 and 3 and changed line 2
        Map<String, Object> two = jushuitanOrder(oId, "2026-11-20 11:00:00", "Sent", 0, 2);
        sendJushuitan(TOPIC, account, oId, two, IDS.incrementAndGet());
        awaitLoaded(() -> live("erp_order_item_live", account).size() == 2);
        assertOrderAddsUp(account, "pay_amount", 2, new BigDecimal("40.00"));

        // the old version again (a producer replay, a backfill reading history): it is loaded, and nothing changes
        sendJushuitan(TOPIC, account, oId, four, fourEvent);
        awaitLoaded(() -> committed("erp_order", account) == 3);
        assertOrderAddsUp(account, "pay_amount", 2, new BigDecimal("40.00"));
        assertThat(live("erp_order_item_live", account)).extracting(r -> r.get("oi_id")).containsExactlyInAnyOrder(oId * 10, oId * 10 + 2);
        // the table itself still holds the dropped lines: the view is what tells them apart
        assertThat(STREAMLOAD.table("erp_order_item").rowsOf(account)).hasSize(4);
    }

    @Test
    void aDeletedJushuitanOrderStaysDeletedWhenAnOlderVersionArrivesLater() {
        String account = account("live-js-delete");
        long oId = IDS.incrementAndGet();
        Map<String, Object> open = jushuitanOrder(oId, "2026-11-20 10:00:00", "WaitConfirm", 0, 1);
        long openEvent = IDS.incrementAndGet();
        sendJushuitan(TOPIC, account, oId, open, openEvent);
        awaitLoaded(() -> live("erp_order_item_live", account).size() == 2);

        // a status configured in bi.jushuitan.deleted-statuses.orders (this test context: "Deleted")
        sendJushuitan(TOPIC, account, oId, jushuitanOrder(oId, "2026-11-20 12:00:00", "Deleted", 0, 1), IDS.incrementAndGet());
        awaitLoaded(() -> live("erp_order_live", account).isEmpty());
        assertThat(live("erp_order_item_live", account)).isEmpty();
        assertThat(live("erp_order_payment_live", account)).isEmpty();

        sendJushuitan(TOPIC, account, oId, open, openEvent);
        sendJushuitan(TOPIC, account, oId, jushuitanOrder(oId, "2026-11-20 11:00:00", "Sent", 0, 1, 2), IDS.incrementAndGet());
        awaitLoaded(() -> committed("erp_order", account) == 4);
        assertThat(live("erp_order_live", account)).isEmpty();
        assertThat(live("erp_order_item_live", account)).isEmpty();
        assertThat(STREAMLOAD.table("erp_order").rowsOf(account))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("is_deleted", true).containsEntry("status", "Deleted"));
    }

    @Test
    void aVoidedJushuitanRefundStaysDeletedWhenAnOlderVersionArrivesLater() {
        String account = account("live-js-refund");
        long asId = IDS.incrementAndGet();
        Map<String, Object> three = jushuitanRefund(asId, "2026-11-20 10:00:00", "WaitConfirm", 0, 1, 2);
        long threeEvent = IDS.incrementAndGet();
        sendJushuitan(REFUNDS, account, asId, three, threeEvent);
        awaitLoaded(() -> live("erp_refund_item_live", account).size() == 3);
        assertRefundAddsUp(account, 3, new BigDecimal("60.00"));

        Map<String, Object> confirmed = jushuitanRefund(asId, "2026-11-20 11:00:00", "Confirmed", 1);
        long confirmedEvent = IDS.incrementAndGet();
        sendJushuitan(REFUNDS, account, asId, confirmed, confirmedEvent);
        awaitLoaded(() -> live("erp_refund_item_live", account).size() == 1);
        assertRefundAddsUp(account, 1, new BigDecimal("20.00"));

        // the old version replayed: its lines lose to the newer one, the dropped ones stay out of the view
        sendJushuitan(REFUNDS, account, asId, three, threeEvent);
        awaitLoaded(() -> committed("erp_refund", account) == 3);
        assertRefundAddsUp(account, 1, new BigDecimal("20.00"));

        // voided in the ERP: status Cancelled is a delete (bi.jushuitan.deleted-statuses.refunds)
        sendJushuitan(REFUNDS, account, asId, jushuitanRefund(asId, "2026-11-20 12:00:00", "Cancelled", 1), IDS.incrementAndGet());
        awaitLoaded(() -> live("erp_refund_live", account).isEmpty());
        assertThat(live("erp_refund_item_live", account)).isEmpty();
        assertThat(STREAMLOAD.table("erp_refund").rowsOf(account))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("is_deleted", true).containsEntry("modified", "2026-11-20 12:00:00"));

        // an older version arrives after the delete: a replay, and one never seen before
        sendJushuitan(REFUNDS, account, asId, confirmed, confirmedEvent);
        sendJushuitan(REFUNDS, account, asId, jushuitanRefund(asId, "2026-11-20 11:30:00", "Confirmed", 0, 1), IDS.incrementAndGet());
        awaitLoaded(() -> committed("erp_refund", account) == 6);
        assertThat(live("erp_refund_live", account)).isEmpty();
        assertThat(live("erp_refund_item_live", account)).isEmpty();
    }

    @Test
    void aLekeOrderShowsTheLinesOfItsNewestVersionOnly() {
        String tenant = account("live-leke-order");
        Map<String, Object> four = lekeOrder(tenant, "LK-L", "2026-11-24T10:00:00+08:00", 4);
        LekeEventsFeed.send(four);
        awaitLoaded(() -> live("erp_order_item_live", tenant).size() == 4);
        assertOrderAddsUp(tenant, "total_amount", 4, new BigDecimal("1000.00"));

        LekeEventsFeed.send(lekeOrder(tenant, "LK-L", "2026-11-24T11:00:00+08:00", 2));
        awaitLoaded(() -> live("erp_order_item_live", tenant).size() == 2);
        assertOrderAddsUp(tenant, "total_amount", 2, new BigDecimal("300.00"));

        LekeEventsFeed.send(four);
        awaitLoaded(() -> committed("erp_order", tenant) == 3);
        assertOrderAddsUp(tenant, "total_amount", 2, new BigDecimal("300.00"));
        assertThat(live("erp_order_payment_live", tenant)).hasSize(2);
    }

    @Test
    void aDeletedLekeOrderStaysDeletedWhenAnOlderUpdateArrivesLater() {
        String tenant = account("live-leke-delete");
        LekeEventsFeed.send(lekeOrder(tenant, "LK-D", "2026-11-24T10:00:00+08:00", 3));
        LekeEventsFeed.send(lekeOrder(tenant, "LK-KEEP", "2026-11-24T10:00:00+08:00", 1));
        awaitLoaded(() -> live("erp_order_item_live", tenant).size() == 4);

        LekeEventsFeed.send(LekeFeed.orderDeleted(tenant, "LK-D", "2026-11-24T12:00:00+08:00"));
        awaitLoaded(() -> live("erp_order_live", tenant).size() == 1);
        assertThat(live("erp_order_item_live", tenant)).singleElement().satisfies(r -> assertThat(r).containsEntry("line_no", 1L));

        // an update older than the delete, sent after it (a producer replay): the order stays deleted
        LekeEventsFeed.send(lekeOrder(tenant, "LK-D", "2026-11-24T11:00:00+08:00", 3));
        awaitLoaded(() -> committed("erp_order", tenant) == 4);
        assertThat(live("erp_order_live", tenant)).extracting(r -> r.get("so_id")).containsExactly("LK-KEEP");
        assertThat(live("erp_order_item_live", tenant)).hasSize(1);
        assertThat(live("erp_order_payment_live", tenant)).extracting(r -> r.get("outer_pay_id")).containsExactlyInAnyOrder("LK-KEEP-P1", "LK-KEEP-P2");
        assertOrderAddsUp(tenant, "total_amount", 1, new BigDecimal("100.00"));

        // a newer version than the delete is the order again (Leke re-created it)
        LekeEventsFeed.send(lekeOrder(tenant, "LK-D", "2026-11-24T13:00:00+08:00", 2));
        awaitLoaded(() -> live("erp_order_live", tenant).size() == 2);
        assertThat(live("erp_order_item_live", tenant)).hasSize(3);
    }

    /** Every live order of the account: its live lines add up to {@code totalColumn}, its live payments to pay_amount. */
    private void assertOrderAddsUp(String account, String totalColumn, int lines, BigDecimal total) {
        List<Map<String, Object>> items = live("erp_order_item_live", account);
        assertThat(items).hasSize(lines);
        List<Map<String, Object>> orders = live("erp_order_live", account);
        assertThat(orders).isNotEmpty();
        BigDecimal allOrders = BigDecimal.ZERO;
        for (Map<String, Object> order : orders) {
            Object oId = order.get("o_id");
            assertThat(sum(items, "amount", oId)).as("lines of order %s", order.get("so_id")).isEqualByComparingTo((BigDecimal) order.get(totalColumn));
            assertThat(sum(live("erp_order_payment_live", account), "amount", oId)).as("payments of order %s", order.get("so_id"))
                    .isEqualByComparingTo((BigDecimal) order.get("pay_amount"));
            allOrders = allOrders.add((BigDecimal) order.get(totalColumn));
        }
        assertThat(allOrders).isEqualByComparingTo(total);
    }

    private void assertRefundAddsUp(String account, int lines, BigDecimal refund) {
        List<Map<String, Object>> items = live("erp_refund_item_live", account);
        assertThat(items).hasSize(lines);
        Map<String, Object> r = live("erp_refund_live", account).get(0);
        assertThat((BigDecimal) r.get("refund")).isEqualByComparingTo(refund);
        assertThat(items.stream().map(i -> (BigDecimal) i.get("amount")).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(refund);
    }

    private static BigDecimal sum(List<Map<String, Object>> rows, String column, Object oId) {
        return rows.stream().filter(r -> oId.equals(r.get("o_id"))).map(r -> (BigDecimal) r.get(column)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private List<Map<String, Object>> live(String view, String account) {
        return views.rows(view, r -> account.equals(r.get("account")));
    }

    /**
     * Waits until {@code condition} holds and every flow of these tests committed all records sent: the tables of a
     * batch are loads of their own, one after another, and its offsets are committed after the last.
     */
    private static void awaitLoaded(Callable<Boolean> condition) {
        await().atMost(LOADED).until(() -> condition.call()
                && KAFKA.fullyCommitted(GROUP_PREFIX + ".jushuitan-orders", TOPIC)
                && KAFKA.fullyCommitted(GROUP_PREFIX + ".jushuitan-refunds", REFUNDS)
                && KAFKA.fullyCommitted(GROUP_PREFIX + ".leke", LekeFeed.ORDERS));
    }

    private static long committed(String table, String account) {
        return STREAMLOAD.table(table).committedOf(account);
    }

    /** A Jushuitan order whose lines are {@code 10 × (k + 1)} each, paid in one payment of their sum. */
    private static Map<String, Object> jushuitanOrder(long oId, String modified, String status, int... lines) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("o_id", oId);
        o.put("so_id", "SO" + oId);
        o.put("status", status);
        o.put("modified", modified);
        List<Map<String, Object>> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int k : lines) {
            BigDecimal amount = BigDecimal.valueOf(10L * (k + 1)).setScale(2);
            items.add(Map.of("oi_id", oId * 10 + k, "sku_id", "SKU-" + k, "qty", 1, "price", amount, "amount", amount));
            total = total.add(amount);
        }
        o.put("items", items);
        o.put("pay_amount", total);
        o.put("pays", List.of(Map.of("pay_id", oId * 10 + 9, "amount", total, "status", "Confirmed")));
        return o;
    }

    /** A Jushuitan after-sale whose lines are {@code 10 × (k + 1)} each, refunding their sum. */
    private static Map<String, Object> jushuitanRefund(long asId, String modified, String status, int... lines) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("as_id", asId);
        r.put("status", status);
        r.put("modified", modified);
        List<Map<String, Object>> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int k : lines) {
            BigDecimal amount = BigDecimal.valueOf(10L * (k + 1)).setScale(2);
            items.add(Map.of("asi_id", asId * 10 + k, "sku_id", "SKU-" + k, "qty", 1, "amount", amount));
            total = total.add(amount);
        }
        r.put("items", items);
        r.put("refund", total);
        return r;
    }

    /** A Leke order whose goods total is the sum of its lines (100 × line_no each), with two payments. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> lekeOrder(String tenant, String orderNo, String updatedAt, int lines) {
        Map<String, Object> e = LekeFeed.order("order.updated", tenant, orderNo, updatedAt, "PAID", lines, 2);
        Map<String, Object> d = (Map<String, Object>) e.get("data");
        BigDecimal total = ((List<Map<String, Object>>) d.get("lines")).stream()
                .map(l -> new BigDecimal((String) l.get("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        d.put("total_amount", total.toPlainString());
        d.put("pay_amount", "100.00"); // the two payments of 50.00
        return e;
    }

    private static void sendJushuitan(String topic, String account, long key, Map<String, Object> record, long eventId) {
        try {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, Long.toString(key), JSON.writeValueAsBytes(record));
            r.headers().add(LoadHeaders.ACCOUNT, account.getBytes(StandardCharsets.UTF_8));
            r.headers().add(LoadHeaders.EVENT_ID, Long.toString(eventId).getBytes(StandardCharsets.UTF_8));
            KAFKA.sendAndWait(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Leke events one at a time, each acknowledged before the next, so their order on the partition is the test's. */
    private static final class LekeEventsFeed {
        private static final LekeFeed FEED = new LekeFeed(KAFKA);

        static void send(Map<String, Object> event) {
            FEED.send(LekeFeed.ORDERS, event);
            FEED.flush();
        }
    }
}
