package bi.ingest.erp.jushuitan;

import bi.ingest.account.AccountStore;
import bi.ingest.account.CheckpointStore;
import bi.ingest.account.ErpAccount;
import bi.ingest.account.TokenState;
import bi.ingest.account.TokenStore;
import bi.ingest.normalize.JushuitanMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pull routes ({@code routes/jushuitan-pull.yaml}) call: which accounts are due, one page of records as
 * Kafka messages, and moving on (checkpointing a window once all its pages were acknowledged by Kafka).
 */
public class JushuitanPulls {

    private static final Logger LOG = LoggerFactory.getLogger(JushuitanPulls.class);
    private static final DateTimeFormatter ERP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final CheckpointStore checkpoints;
    private final JushuitanApi api;
    private final JushuitanProperties props;
    private final ObjectMapper json;
    private final RecordMessages records;
    private final MeterRegistry meters;
    private final PullProgress live = this::liveWindowDone;
    private final Clock clock;

    public JushuitanPulls(AccountStore accounts, TokenStore tokens, CheckpointStore checkpoints, JushuitanApi api,
                          JushuitanProperties props, ObjectMapper json, RecordMessages records, Clock clock,
                          MeterRegistry meters) {
        this.meters = meters;
        this.records = records;
        this.accounts = accounts;
        this.tokens = tokens;
        this.checkpoints = checkpoints;
        this.api = api;
        this.props = props;
        this.json = json;
        this.clock = clock;
    }

    /** One pull per enabled, authorized account that has something to pull for {@code entityName}. */
    public List<EntityPull> due(String entityName) {
        JushuitanEntity entity = JushuitanEntity.named(entityName);
        Instant now = clock.instant();
        List<EntityPull> due = new ArrayList<>();
        for (ErpAccount account : accounts.enabled(JushuitanMapper.SOURCE)) {
            boolean authorized = tokens.token(account.id()).map(t -> t.state() == TokenState.AUTHORIZED).orElse(false);
            if (!authorized) {
                continue; // not authorized yet, or waiting for re-authorization: health says so
            }
            if (!entity.windowed()) {
                due.add(new EntityPull(account, entity, now, null, live));
                continue;
            }
            Instant through = checkpoints.pulledThrough(account.id(), entity.entity()).orElse(account.pullFrom());
            nextWindow(through, now).ifPresent(w -> due.add(new EntityPull(account, entity, now, w, live)));
        }
        return due;
    }

    /** Fetches the pull's current page and returns its records as Kafka messages (key, headers, raw JSON). */
    public List<Message> nextPage(EntityPull pull) {
        JsonNode data = api.call(pull.account(), pull.entity().path(), pageRequest(pull), pull.progress().background());
        JsonNode list = data.path(pull.entity().listField());
        int count = list.isArray() ? list.size() : 0;
        boolean hasNext = data.has("has_next") ? data.path("has_next").asBoolean() : count >= pull.entity().pageSize();
        pull.pageFetched(count, hasNext && count > 0);
        String pulledAt = clock.instant().toString();
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (ofListedShop(pull, list.get(i))) {
                messages.add(records.of(pull.account().id(), pull.entity(), list.get(i), pulledAt));
            }
        }
        return messages;
    }

    /** Every record of the page is on Kafka: next page, or checkpoint the window and start the next one. */
    public void pageSent(EntityPull pull) {
        meters.counter("bi.jushuitan.pulled.records", "account", pull.account().id(), "entity", pull.entity().entity())
                .increment(pull.pageRecords());
        if (!pull.lastPageFetched()) {
            pull.nextPage();
            return;
        }
        pull.nextWindow(pull.progress().windowDone(pull));
    }

    /** Live pulls: the checkpoint moves to the window's end, and the next window follows until the trigger's now. */
    private PullWindow liveWindowDone(EntityPull pull) {
        PullWindow window = pull.window();
        if (window == null) {
            LOG.info("account={} entity={} pulled records={} pages={} ms={}", pull.account().id(), pull.entity().entity(),
                    pull.windowRecords(), pull.windowPages(), pull.windowMillis());
            return null;
        }
        checkpoints.advance(pull.account().id(), pull.entity().entity(), window.end());
        LOG.info("account={} entity={} window={}..{} pulled records={} pages={} ms={}; checkpoint moved",
                pull.account().id(), pull.entity().entity(), erpTime(window.begin()), erpTime(window.end()),
                pull.windowRecords(), pull.windowPages(), pull.windowMillis());
        return nextWindow(window.end(), pull.now()).orElse(null);
    }

    /**
     * The pull stopped (ERP refused, unreachable, Kafka failed): a live pull resumes from its checkpoint at the next
     * trigger; a backfill is marked failed (retry it through the admin API).
     */
    public void failed(EntityPull pull, Exception e) {
        pull.progress().failed(pull, e);
        if (e instanceof NeedsReauthorizationException) {
            LOG.warn("{}: pull skipped: {}", pull, e.getMessage());
        } else {
            LOG.warn("{}: pull stopped after {} records: {}; nothing after its last finished window counts as pulled",
                    pull, pull.records(), e.toString());
        }
    }

    /** An account that lists shops gets only their orders and refunds (the queries take one shop at a time). */
    private static boolean ofListedShop(EntityPull pull, JsonNode record) {
        List<String> shops = pull.account().shops();
        JsonNode shop = record.get("shop_id");
        boolean shopScoped = pull.entity() == JushuitanEntity.ORDERS || pull.entity() == JushuitanEntity.REFUNDS;
        return shops.isEmpty() || !shopScoped || shop == null || shop.isNull() || shops.contains(shop.asText());
    }

    private Optional<PullWindow> nextWindow(Instant through, Instant now) {
        return PullWindow.next(through, now, props.getPull().getOverlap(), props.getPull().getMaxWindow());
    }

    private String pageRequest(EntityPull pull) {
        Map<String, Object> biz = new LinkedHashMap<>();
        biz.put("page_index", pull.pageIndex());
        biz.put("page_size", pull.entity().pageSize());
        if (pull.window() != null) {
            biz.put("modified_begin", erpTime(pull.window().begin()));
            biz.put("modified_end", erpTime(pull.window().end()));
        }
        try {
            return json.writeValueAsString(biz); // the exact text that is signed and sent
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String erpTime(Instant t) {
        return ERP_TIME.format(t.atZone(props.getTimeZone()));
    }
}
