package bi.ingest.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic Jushuitan orders shaped like the {@code /open/orders/single/query} answer: about 800 bytes of JSON,
 * 1–4 items, one payment, Chinese shop, item and address text, numbers sometimes as strings (as the API sends them).
 * Order {@code n} is the same on every run.
 */
public final class OrderGenerator {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime EPOCH = LocalDateTime.of(2026, 9, 1, 8, 0, 0);
    private static final String[] SHOPS = {"旗舰店", "天猫官方旗舰店", "京东自营店", "拼多多专卖店", "抖音小店"};
    private static final String[] PROVINCES = {"浙江省", "广东省", "江苏省", "上海市", "北京市", "四川省"};
    private static final String[] CITIES = {"杭州市", "深圳市", "南京市", "上海市", "北京市", "成都市"};
    private static final String[] DISTRICTS = {"西湖区", "南山区", "鼓楼区", "浦东新区", "朝阳区", "武侯区"};
    private static final String[] PRODUCTS = {"纯棉短袖T恤", "加厚羽绒服", "无线蓝牙耳机", "不锈钢保温杯", "儿童益智积木", "真丝睡衣套装"};
    private static final String[] COLOURS = {"黑色", "白色", "藏青色", "米黄色"};
    private static final String[] SIZES = {"S", "M", "L", "XL"};
    private static final String[] STATUSES = {"WaitConfirm", "WaitFConfirm", "Sent", "Delivering", "Question"};
    private static final String[] PAYMENTS = {"支付宝", "微信支付", "银联"};

    private final ObjectMapper json = new ObjectMapper();
    private final long firstOrderId;

    public OrderGenerator(long firstOrderId) {
        this.firstOrderId = firstOrderId;
    }

    public long orderId(int n) {
        return firstOrderId + n;
    }

    /** Order {@code n} at version {@code version} (a later version has a later modified time and another status). */
    public Map<String, Object> order(int n, int version) {
        SplittableRandom r = new SplittableRandom(firstOrderId * 31 + n);
        long oId = orderId(n);
        LocalDateTime ordered = EPOCH.plusSeconds(n * 7L);
        LocalDateTime modified = ordered.plusMinutes(5 + version * 30L);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("o_id", oId);
        o.put("so_id", "SO" + (9_000_000_000L + oId));
        o.put("raw_so_id", "RAW" + (9_000_000_000L + oId));
        o.put("shop_id", 10_000 + r.nextInt(SHOPS.length));
        o.put("shop_name", SHOPS[(int) ((Integer) o.get("shop_id") - 10_000)]);
        o.put("type", "普通订单");
        o.put("status", STATUSES[(n + version) % STATUSES.length]);
        o.put("order_date", TIME.format(ordered));
        o.put("pay_date", TIME.format(ordered.plusMinutes(2)));
        o.put("send_date", version > 0 ? TIME.format(modified) : null);
        o.put("modified", TIME.format(modified));
        int province = r.nextInt(PROVINCES.length);
        o.put("buyer_id", "buyer_" + r.nextInt(1_000_000));
        o.put("receiver_state", PROVINCES[province]);
        o.put("receiver_city", CITIES[province]);
        o.put("receiver_district", DISTRICTS[province]);
        o.put("receiver_address", "文一西路" + r.nextInt(1, 999) + "号" + r.nextInt(1, 30) + "幢" + r.nextInt(101, 2999) + "室");
        o.put("l_id", version > 0 ? "SF" + (1_000_000_000_000L + oId) : "");
        o.put("remark", "");
        o.put("buyer_message", r.nextInt(4) == 0 ? "请尽快发货，谢谢！" : "");
        o.put("ts", 1_000_000L + oId * 10 + version);
        List<Map<String, Object>> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        int itemCount = 1 + r.nextInt(4);
        for (int k = 0; k < itemCount; k++) {
            BigDecimal price = BigDecimal.valueOf(r.nextInt(990, 99_900), 2);
            int qty = 1 + r.nextInt(3);
            BigDecimal amount = price.multiply(BigDecimal.valueOf(qty));
            total = total.add(amount);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("oi_id", oId * 10 + k);
            item.put("sku_id", "SKU-" + (1000 + r.nextInt(9000)));
            item.put("i_id", "I" + (100 + r.nextInt(900)));
            item.put("name", PRODUCTS[r.nextInt(PRODUCTS.length)]);
            item.put("properties_value", COLOURS[r.nextInt(COLOURS.length)] + ";" + SIZES[r.nextInt(SIZES.length)]);
            item.put("qty", k % 2 == 0 ? qty : String.valueOf(qty)); // the API sends numbers as strings at times
            item.put("price", price.toPlainString());
            item.put("amount", amount);
            item.put("refund_status", "none");
            items.add(item);
        }
        BigDecimal freight = BigDecimal.valueOf(r.nextInt(0, 1500), 2);
        o.put("freight", freight);
        o.put("pay_amount", total.add(freight).setScale(2, RoundingMode.HALF_UP).toPlainString());
        o.put("paid_amount", total.add(freight).setScale(2, RoundingMode.HALF_UP));
        o.put("items", items);
        Map<String, Object> pay = new LinkedHashMap<>();
        pay.put("pay_id", oId * 10 + 9);
        pay.put("outer_pay_id", "2026" + (100_000_000_000L + oId));
        pay.put("pay_date", TIME.format(ordered.plusMinutes(2)));
        pay.put("amount", total.add(freight).setScale(2, RoundingMode.HALF_UP));
        pay.put("payment", PAYMENTS[r.nextInt(PAYMENTS.length)]);
        pay.put("status", "Confirmed");
        o.put("pays", List.of(pay));
        return o;
    }

    public byte[] json(Map<String, Object> order) {
        try {
            return json.writeValueAsBytes(order);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
