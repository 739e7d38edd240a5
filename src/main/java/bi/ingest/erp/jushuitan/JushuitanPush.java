package bi.ingest.erp.jushuitan;

import bi.ingest.account.AccountStore;
import bi.ingest.account.ErpAccount;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes of order and after-sale changes ({@code routes/jushuitan-push.yaml}), built against specs/jushuitan.md
 * "Push" (unverified by the platform's documentation; the test host has no pushes): a form with {@code biz},
 * {@code timestamp} and {@code sign} (+ {@code action_code}), signed like every call with the app secret.
 */
public class JushuitanPush {

    /** The answer the platform expects when a push was taken. */
    public static final Map<String, Object> ACCEPTED = Map.of("code", 0, "msg", "执行成功");

    private static final Logger LOG = LoggerFactory.getLogger(JushuitanPush.class);

    private final AccountStore accounts;
    private final RecordMessages records;
    private final ObjectReader json;
    private final Clock clock;
    private final Duration tolerance;

    public JushuitanPush(AccountStore accounts, RecordMessages records, ObjectMapper mapper, Clock clock, Duration tolerance) {
        this.accounts = accounts;
        this.records = records;
        this.json = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true));
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /** Checks the push and returns its records as Kafka messages; throws {@link PushRejectedException} otherwise. */
    public List<Message> accept(String accountId, String entityName, Map<String, Object> form) {
        Map<String, String> params = new LinkedHashMap<>();
        if (form != null) {
            // platform-http hands the form over with '+' turned into spaces but %XX escapes left as they came
            form.forEach((k, v) -> params.put(k, v == null ? null : URLDecoder.decode(v.toString(), StandardCharsets.UTF_8)));
        }
        Optional<ErpAccount> account = accounts.find(accountId == null ? "" : accountId).filter(ErpAccount::enabled);
        if (account.isEmpty() || !JushuitanSigner.verify(account.get().appSecret(), params)) {
            LOG.warn("push for account={} entity={} refused: unknown or disabled account, or bad signature", accountId, entityName);
            throw new PushRejectedException(10, "sign invalid");
        }
        JushuitanEntity entity = pushable(entityName);
        checkTimestamp(params.get("timestamp"));
        List<JsonNode> list = recordsOf(params.get("biz"), entity);
        String receivedAt = clock.instant().toString();
        List<Message> messages = new ArrayList<>(list.size());
        for (JsonNode r : list) {
            messages.add(records.of(accountId, entity, r, receivedAt));
        }
        LOG.info("account={} entity={} push received records={} action={}", accountId, entity.entity(), messages.size(),
                params.getOrDefault("action_code", ""));
        return messages;
    }

    public Map<String, Object> accepted() {
        return ACCEPTED;
    }

    public Map<String, Object> rejected(Exception e) {
        int code = e instanceof PushRejectedException p ? p.code() : 500;
        return Map.of("code", code, "msg", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static JushuitanEntity pushable(String name) {
        if ("orders".equals(name) || "refunds".equals(name)) {
            return JushuitanEntity.named(name);
        }
        throw new PushRejectedException(140, "pushes are taken for orders and refunds, not '" + name + "'");
    }

    private void checkTimestamp(String timestamp) {
        try {
            long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp == null ? "" : timestamp.trim()));
            if (skew > tolerance.toSeconds()) {
                throw new PushRejectedException(140, "timestamp is " + skew + " s away from now (tolerance " + tolerance.toSeconds() + " s)");
            }
        } catch (NumberFormatException e) {
            throw new PushRejectedException(140, "timestamp must be Unix seconds");
        }
    }

    /** {@code biz} may be one record, an array, or an object holding the entity's list (as in query answers). */
    private List<JsonNode> recordsOf(String biz, JushuitanEntity entity) {
        JsonNode node;
        try {
            node = biz == null ? null : json.readTree(biz);
        } catch (IOException e) {
            throw new PushRejectedException(140, "biz is not JSON");
        }
        if (node == null || !(node.isArray() || node.isObject())) {
            throw new PushRejectedException(140, "biz must be a JSON object or array");
        }
        JsonNode list = node.isArray() ? node : node.get(entity.listField());
        List<JsonNode> out = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }
}
