package bi.ingest.sandbox;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One ERP company's data in the Jushuitan sandbox, generated from a seed: orders spread over {@code days} before
 * {@code now} (each modified some time after it was placed), an after-sale for every tenth order, SKUs with their
 * stock, and shops. Records change over time through {@link #touchOrders} and {@link #drift}; each keeps its latest
 * version only, as the real API answers. Every version has a row version {@code ts}, unique in the company and
 * increasing with each change; a late commit ({@link #commitLate}) takes its {@code ts} and {@code modified} when it
 * is made and becomes visible only later, as a long database transaction does. Numbers arrive sometimes as strings,
 * as the API sends them.
 */
public final class JushuitanDataset {

    static final ZoneId ERP_ZONE = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ERP_ZONE);
    private static final String[] SHOPS = {"旗舰店", "天猫官方旗舰店", "京东自营店"};
    private static final String[] STATUSES = {"WaitConfirm", "WaitFConfirm", "Sent", "Delivering", "Question", "Cancelled"};
    /** Entities whose records carry their row version (the others are read by modified time only). */
    static final java.util.Set<String> ROW_VERSIONED = java.util.Set.of("orders", "refunds", "inventory");
    private static final String[] PRODUCTS = {"纯棉短袖T恤", "加厚羽绒服", "无线蓝牙耳机", "不锈钢保温杯", "儿童益智积木"};

    /** A record at its latest version: its JSON fields and the modified time queries filter on. */
    public static final class Item {
        final String entity;
        final long id;
        final Instant created;
        int version;
        Instant modified;
        long ts;
        Map<String, Object> fields;
        /** A change made but not yet committed: visible from {@code pendingVisible} on. */
        Item pending;
        Instant pendingVisible;
        /** Older versions the ERP still shows to a query of their time (history mode). */
        final List<Item> past = new ArrayList<>();

        Item(String entity, long id, Instant created, Instant modified) {
            this.entity = entity;
            this.id = id;
            this.created = created;
            this.modified = modified;
        }

        public long id() { return id; }
        public Instant modified() { return modified; }
        public Map<String, Object> fields() { return fields; }
        public long ts() { return ts; }
    }

    private final long base;
    private volatile boolean history;
    private final Map<String, List<Item>> byEntity = new LinkedHashMap<>();
    private final Map<Long, Item> refundOfOrder = new java.util.HashMap<>();
    private final List<Item> pending = new ArrayList<>();
    private long lastTs;

    /**
     * @param base first business id of this company (ids of different companies must not collide in the tests)
     */
    public JushuitanDataset(long base, int orders, int days, Instant now) {
        this.base = base;
        SplittableRandom r = new SplittableRandom(base);
        List<Item> orderItems = new ArrayList<>();
        List<Item> refunds = new ArrayList<>();
        long span = Duration.ofDays(days).toSeconds();
        for (int n = 0; n < orders; n++) {
            Instant created = now.minusSeconds(60 + r.nextLong(span - 3600));
            long upTo = Math.min(Duration.ofDays(3).toSeconds(), Duration.between(created, now).toSeconds() - 30);
            Item o = new Item("orders", base + n, created, created.plusSeconds(r.nextLong(Math.max(1, upTo))));
            o.version = r.nextInt(3);
            o.fields = order(o);
            orderItems.add(o);
            if (n % 10 == 3) {
                Instant asCreated = o.modified.plusSeconds(60);
                Item a = new Item("refunds", base + n, asCreated, asCreated.isAfter(now) ? now.minusSeconds(1) : asCreated);
                a.fields = refund(a, o);
                refunds.add(a);
            }
        }
        byEntity.put("orders", orderItems);
        byEntity.put("refunds", refunds);
        List<Item> skus = new ArrayList<>();
        List<Item> stock = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            Instant created = now.minus(Duration.ofDays(days)).plusSeconds(k * 3600L);
            Item sku = new Item("skus", base + k, created, created.plusSeconds(r.nextLong(span / 2)));
            sku.fields = sku(sku, k);
            skus.add(sku);
            Item inv = new Item("inventory", base + k, created, now.minusSeconds(120 + r.nextLong(span - 7200)));
            inv.fields = inventory(inv, k, r);
            stock.add(inv);
        }
        byEntity.put("skus", skus);
        byEntity.put("inventory", stock);
        List<Item> shops = new ArrayList<>();
        for (int s = 0; s < SHOPS.length; s++) {
            Item shop = new Item("shops", shopId(s), now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(400)));
            shop.fields = shop(shop, s);
            shops.add(shop);
        }
        byEntity.put("shops", shops);
        // row versions in the order the versions were made
        List<Item> versions = new ArrayList<>();
        byEntity.values().forEach(versions::addAll);
        versions.sort(Comparator.comparing((Item i) -> i.modified).thenComparingLong(i -> i.id));
        lastTs = now.minus(Duration.ofDays(days + 1)).toEpochMilli() * 1000;
        for (Item i : versions) {
            i.ts = ++lastTs;
            if (ROW_VERSIONED.contains(i.entity)) {
                i.fields.put("ts", "refunds".equals(i.entity) ? Long.toString(i.ts) : i.ts); // refunds send ts as text
            }
        }
        refunds.forEach(a -> refundOfOrder.put(a.id, a));
    }

    /** The records of {@code entity} at their latest visible version (a copy: drift may add records meanwhile). */
    public synchronized List<Item> all(String entity) {
        settle(Instant.now());
        return List.copyOf(byEntity.getOrDefault(entity, List.of()));
    }

    /** The records of {@code entity} whose row version is at least {@code from}, ordered by it (the ts cursor). */
    public synchronized List<Item> rowVersionsFrom(String entity, long from) {
        settle(Instant.now());
        List<Item> found = new ArrayList<>();
        for (Item i : byEntity.getOrDefault(entity, List.of())) {
            if (i.ts >= from) {
                found.add(i);
            }
        }
        found.sort(Comparator.comparingLong(i -> i.ts));
        return found;
    }

    /** Changes not committed yet. */
    public synchronized int pendingChanges() {
        settle(Instant.now());
        return pending.size();
    }

    /**
     * Records of {@code entity} modified within [begin, end], oldest first (ties by id), as the API pages them: each
     * at its latest version, or in history mode at its latest version within the window (like a lagging replica).
     */
    public synchronized List<Item> modifiedBetween(String entity, Instant begin, Instant end) {
        settle(Instant.now());
        List<Item> found = new ArrayList<>();
        for (Item i : byEntity.getOrDefault(entity, List.of())) {
            Item shown = null;
            for (Item v : history ? withPast(i) : List.of(i)) {
                if (!v.modified.isBefore(begin) && !v.modified.isAfter(end) && (shown == null || v.modified.isAfter(shown.modified))) {
                    shown = v;
                }
            }
            if (shown != null) {
                found.add(shown);
            }
        }
        found.sort(Comparator.comparing((Item i) -> i.modified).thenComparingLong(i -> i.id));
        return found;
    }

    /** History mode: windowed queries show older versions too (see {@link #addPastVersion}). */
    public void history(boolean on) {
        history = on;
    }

    /** Order {@code n} gets an older version modified at {@code at}, seen only by queries in history mode. */
    public synchronized Item addPastVersion(int n, Instant at) {
        Item o = byEntity.get("orders").get(n);
        Item v = new Item("orders", o.id, o.created, at);
        v.version = 0;
        v.ts = ++lastTs;
        v.fields = order(v);
        v.fields.put("status", "Question");
        v.fields.put("remark", "a version from " + TIME.format(at));
        o.past.add(v);
        return v;
    }

    private static List<Item> withPast(Item i) {
        List<Item> all = new ArrayList<>(i.past);
        all.add(i);
        return all;
    }

    /** {@code count} orders get a new version modified at {@code now} (status and amounts change). */
    public synchronized List<Item> touchOrders(int count, Instant now, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Item> orders = byEntity.get("orders");
        List<Item> touched = new ArrayList<>();
        java.util.Set<Integer> picked = new java.util.HashSet<>();
        while (picked.size() < Math.min(count, orders.size())) {
            picked.add(r.nextInt(orders.size()));
        }
        for (int k : picked) {
            Item o = orders.get(k);
            if (o.pending == null) {
                change(o, now);
                touched.add(o);
            }
        }
        return touched;
    }

    /**
     * One change of the kind a busy shop makes (drift mode): mostly an order changed (and its after-sale with it),
     * sometimes a new order (every tenth with an after-sale), and sometimes a change committed up to
     * {@code maxLateCommit} late. Returns what kind of change it was.
     */
    public synchronized String drift(Instant now, SplittableRandom r, Duration maxLateCommit) {
        settle(now);
        List<Item> orders = byEntity.get("orders");
        int kind = r.nextInt(100);
        if (kind < 15) {
            int n = orders.size();
            Item o = new Item("orders", base + n, now, now);
            o.ts = ++lastTs;
            o.fields = order(o);
            orders.add(o);
            if (n % 10 == 3) {
                Item a = new Item("refunds", base + n, now, now);
                a.ts = ++lastTs;
                a.fields = refund(a, o);
                byEntity.get("refunds").add(a);
                refundOfOrder.put(a.id, a);
            }
            return "new";
        }
        Item o = orders.get(r.nextInt(orders.size()));
        if (o.pending != null) {
            return "none";
        }
        if (kind < 30 && !maxLateCommit.isZero()) {
            commitLate(o, now, Duration.ofMillis(1 + r.nextLong(maxLateCommit.toMillis())));
            return "late";
        }
        change(o, now);
        Item refund = refundOfOrder.get(o.id);
        if (refund != null && refund.pending == null) {
            change(refund, now);
        }
        return "changed";
    }

    /**
     * Order {@code n} changes now (its ts and modified are taken now) but the change becomes visible only after
     * {@code lag}, like a long transaction: a reader that passed its ts meanwhile must look back to see it.
     */
    public synchronized Item commitLate(int n, Instant now, Duration lag) {
        Item o = byEntity.get("orders").get(n);
        commitLate(o, now, lag);
        return o.pending;
    }

    /** Order {@code n}'s late change commits now. */
    public synchronized void commitNow(int n) {
        Item o = byEntity.get("orders").get(n);
        if (o.pending != null) {
            o.pendingVisible = Instant.now();
            settle(o.pendingVisible);
        }
    }

    private void commitLate(Item o, Instant now, Duration lag) {
        Item v = new Item(o.entity, o.id, o.created, now);
        v.version = o.version + 1;
        v.ts = ++lastTs;
        v.fields = order(v);
        v.fields.put("ts", v.ts);
        o.pending = v;
        o.pendingVisible = now.plus(lag);
        pending.add(o);
    }

    /** Changes whose commit time came become visible. */
    private void settle(Instant now) {
        for (java.util.Iterator<Item> it = pending.iterator(); it.hasNext(); ) {
            Item o = it.next();
            if (!o.pendingVisible.isAfter(now)) {
                o.version = o.pending.version;
                o.modified = o.pending.modified;
                o.ts = o.pending.ts;
                o.fields = o.pending.fields;
                o.pending = null;
                o.pendingVisible = null;
                it.remove();
            }
        }
    }

    private void change(Item i, Instant now) {
        i.version++;
        i.modified = now;
        i.ts = ++lastTs;
        if ("orders".equals(i.entity)) {
            i.fields = order(i);
        } else {
            Map<String, Object> m = new LinkedHashMap<>(i.fields);
            m.put("status", i.version % 2 == 0 ? "WaitConfirm" : "Confirmed");
            m.put("modified", TIME.format(now));
            m.put("ts", Long.toString(i.ts));
            i.fields = m;
        }
    }

    /** Replaces order {@code n}'s JSON with {@code fields} (bad-data tests), modified at {@code now}. */
    public synchronized Item corruptOrder(int n, Instant now, Map<String, Object> fields) {
        Item o = byEntity.get("orders").get(n);
        o.modified = now;
        o.ts = ++lastTs;
        o.fields = new LinkedHashMap<>(fields);
        o.fields.put("ts", o.ts);
        return o;
    }

    public synchronized Item order(int n) {
        return byEntity.get("orders").get(n);
    }

    private long shopId(int s) {
        return base / 1000 + s;
    }

    private Map<String, Object> order(Item o) {
        SplittableRandom r = new SplittableRandom(o.id * 31 + o.version);
        int n = (int) (o.id - base);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("o_id", o.id % 7 == 0 ? Long.toString(o.id) : o.id); // type drift: ids as strings too
        m.put("so_id", "SO" + (9_000_000_000L + o.id));
        int shop = n % SHOPS.length;
        m.put("shop_id", shopId(shop));
        m.put("shop_name", SHOPS[shop]);
        m.put("type", "普通订单");
        m.put("status", STATUSES[(n + o.version) % STATUSES.length]);
        m.put("order_date", TIME.format(o.created));
        m.put("pay_date", TIME.format(o.created.plusSeconds(120)));
        m.put("modified", TIME.format(o.modified));
        m.put("ts", o.ts);
        List<Map<String, Object>> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int k = 0; k < 1 + n % 3; k++) {
            BigDecimal price = BigDecimal.valueOf(990 + r.nextInt(20000), 2);
            int qty = 1 + r.nextInt(3);
            BigDecimal amount = price.multiply(BigDecimal.valueOf(qty)).setScale(2, RoundingMode.HALF_UP);
            total = total.add(amount);
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("oi_id", o.id * 10 + k);
            i.put("sku_id", "SKU-" + (base + (n + k) % 40));
            i.put("i_id", "I-" + (base + (n + k) % 40));
            i.put("name", PRODUCTS[(n + k) % PRODUCTS.length]);
            i.put("qty", qty);
            i.put("price", k == 1 ? price.toPlainString() : price);
            i.put("amount", amount);
            i.put("refund_status", "none");
            items.add(i);
        }
        m.put("pay_amount", total);
        m.put("paid_amount", o.version > 0 ? total.toPlainString() : total);
        m.put("freight", n % 4 == 0 ? "" : BigDecimal.valueOf(r.nextInt(1500), 2));
        m.put("buyer_id", "buyer-" + (n % 500));
        m.put("l_id", o.version > 1 ? "SF" + o.id : null);
        m.put("remark", "v" + o.version);
        m.put("items", items);
        m.put("pays", List.of(Map.of("pay_id", o.id * 10, "outer_pay_id", "P" + o.id, "pay_date",
                TIME.format(o.created.plusSeconds(120)), "amount", total, "payment", "支付宝", "status", "Confirmed")));
        return m;
    }

    private static Map<String, Object> refund(Item a, Item order) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("as_id", a.id);
        m.put("as_date", TIME.format(a.created));
        m.put("outer_as_id", "AS" + a.id);
        m.put("o_id", order.id);
        m.put("so_id", "SO" + (9_000_000_000L + order.id));
        m.put("type", "仅退款");
        m.put("status", "WaitConfirm");
        m.put("good_status", "BUYER_NOT_RECEIVED");
        m.put("refund", "12.50");
        m.put("payment", BigDecimal.valueOf(1250, 2));
        m.put("modified", TIME.format(a.modified));
        m.put("ts", Long.toString(a.ts)); // refunds send ts as a string
        m.put("items", List.of(Map.of("asi_id", a.id * 10, "sku_id", "SKU-1", "qty", 1, "amount", "12.50", "type", "退货")));
        return m;
    }

    private static Map<String, Object> sku(Item s, int k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sku_id", "SKU-" + s.id);
        m.put("i_id", "I-" + s.id);
        m.put("name", PRODUCTS[k % PRODUCTS.length]);
        m.put("properties_value", "黑色;XL");
        m.put("sale_price", BigDecimal.valueOf(9900 + k, 2));
        m.put("cost_price", Integer.toString(40 + k));
        m.put("enabled", 1);
        m.put("created", TIME.format(s.created));
        m.put("modified", TIME.format(s.modified));
        return m;
    }

    private static Map<String, Object> inventory(Item i, int k, SplittableRandom r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sku_id", "SKU-" + i.id);
        m.put("i_id", "I-" + i.id);
        m.put("wms_co_id", k % 2);
        m.put("qty", r.nextInt(500));
        m.put("order_lock", r.nextInt(20));
        m.put("pick_lock", 0);
        m.put("virtual_qty", "0");
        m.put("modified", TIME.format(i.modified));
        m.put("ts", i.ts);
        return m;
    }

    private static Map<String, Object> shop(Item s, int k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shop_id", s.id);
        m.put("shop_name", SHOPS[k]);
        m.put("shop_site", "淘宝");
        m.put("nick", "nick-" + s.id);
        m.put("created", TIME.format(s.created));
        return m;
    }
}
