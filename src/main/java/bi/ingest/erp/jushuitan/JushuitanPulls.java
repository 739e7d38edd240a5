package bi.ingest.erp.jushuitan;

import bi.ingest.cluster.ClusterLeases;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pull routes ({@code routes/jushuitan-pull.yaml}) call: which accounts are due, one page of records as
 * Kafka messages, and moving on (checkpointing once a page's records were acknowledged by Kafka). Entities with a
 * row-version cursor are read by it once its start is known; until then (a new account, or one pulled by windows
 * before) by modified-time windows, and the cursor takes over when those windows reach the present.
 */
public class JushuitanPulls {

    private static final Logger LOG = LoggerFactory.getLogger(JushuitanPulls.class);

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
    private final ErpTimes times;
    private final ClusterLeases leases;

    public JushuitanPulls(AccountStore accounts, TokenStore tokens, CheckpointStore checkpoints, JushuitanApi api,
                          JushuitanProperties props, ObjectMapper json, RecordMessages records, Clock clock,
                          MeterRegistry meters, ClusterLeases leases) {
        this.leases = leases;
        this.meters = meters;
        this.records = records;
        this.accounts = accounts;
        this.tokens = tokens;
        this.checkpoints = checkpoints;
        this.api = api;
        this.props = props;
        this.json = json;
        this.clock = clock;
        this.times = new ErpTimes(props.getTimeZone());
    }

    /**
     * One pull per enabled, authorized account that has something to pull for {@code entityName}, for the trigger
     * scheduled at {@code trigger}: of the instances whose trigger fires, the one that claims an account's pull runs
     * it (and none while another still runs the previous one).
     */
    public List<EntityPull> due(String entityName, java.util.Date trigger) {
        JushuitanEntity entity = JushuitanEntity.named(entityName);
        Instant now = clock.instant();
        Instant fired = trigger == null ? now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : trigger.toInstant();
        List<EntityPull> due = new ArrayList<>();
        for (ErpAccount account : accounts.enabled(JushuitanMapper.SOURCE)) {
            boolean authorized = tokens.token(account.id()).map(t -> t.state() == TokenState.AUTHORIZED).orElse(false);
            if (!authorized) {
                continue; // not authorized yet, or waiting for re-authorization: health says so
            }
            String lease = "pull:" + account.id() + ":" + entity.entity();
            pullOf(account, entity, now).filter(p -> leases.claimTrigger(lease, fired))
                    .ifPresent(p -> due.add(p.leasedAs(lease)));
        }
        return due;
    }

    private Optional<EntityPull> pullOf(ErpAccount account, JushuitanEntity entity, Instant now) {
        if (!entity.windowed()) {
            return Optional.of(EntityPull.listed(account, entity, now, live, times));
        }
        Optional<Long> cursor = entity.hasRowVersion()
                ? checkpoints.rowVersionStart(account.id(), entity.entity(), props.getPull().getOverlap())
                : Optional.empty();
        if (cursor.isPresent()) {
            return Optional.of(EntityPull.byRowVersion(account, entity, now, cursor.get(), live, times));
        }
        Instant through = checkpoints.pulledThrough(account.id(), entity.entity()).orElse(account.pullFrom());
        return nextWindow(through, now).map(w -> windowed(account, entity, now, w));
    }

    /** Fetches the pull's current page and returns its records as Kafka messages (key, headers, raw JSON). */
    public List<Message> nextPage(EntityPull pull) {
        JsonNode data = api.call(pull.account(), pull.entity().path(), biz(pull), pull.progress().background());
        JsonNode list = data.path(pull.entity().listField());
        pull.answered(data, list);
        int count = list.isArray() ? list.size() : 0;
        String pulledAt = clock.instant().toString();
        List<Message> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (ofListedShop(pull, list.get(i))) {
                messages.add(records.of(pull.account().id(), pull.entity(), list.get(i), pulledAt));
            }
        }
        return messages;
    }

    /** Every record of the page is on Kafka: checkpoint, then the next page, the next window, or done. */
    public void pageSent(EntityPull pull) {
        meters.counter("bi.jushuitan.pulled.records", "account", pull.account().id(), "entity", pull.entity().entity())
                .increment(pull.pageRecords());
        if (pull.byRowVersion()) {
            rowVersionPageSent(pull);
            return;
        }
        if (pull.stepDone()) {
            pull.nextWindow(pull.progress().windowDone(pull));
        }
    }

    private void rowVersionPageSent(EntityPull pull) {
        String account = pull.account().id();
        String entity = pull.entity().entity();
        boolean complete = pull.stepDone();
        checkpoints.rowVersionRead(account, entity, pull.now(), clock.instant(), pull.rowVersionResumeAt(), complete);
        if (complete) {
            checkpoints.advance(account, entity, pull.now());
            LOG.info("account={} entity={} pulled by {} records={} pages={} ms={}; next from {}", account, entity,
                    pull.entity().rowVersionParam(), pull.windowRecords(), pull.windowPages(), pull.windowMillis(),
                    pull.rowVersionResumeAt());
            pull.nextWindow(null);
        }
    }

    /**
     * Live windows: the checkpoint moves to the window's end, and the next window follows until the trigger's now.
     * When the windows reached it, an entity with a row-version cursor switches to it (from the oldest version the
     * last overlap read), so an account pulled by windows before moves on without a gap or a re-read.
     */
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
        Optional<PullWindow> next = nextWindow(window.end(), pull.now());
        Long cursor = pull.seen().cursorStart();
        if (next.isEmpty() && pull.entity().hasRowVersion() && cursor != null) {
            Instant from = window.end().minus(props.getPull().getOverlap());
            checkpoints.rowVersionRead(pull.account().id(), pull.entity().entity(), from, from, cursor, true);
            LOG.info("account={} entity={} caught up: later pulls follow the row-version cursor {} from {}",
                    pull.account().id(), pull.entity().entity(), pull.entity().rowVersionParam(), cursor);
        }
        return next.orElse(null);
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

    private EntityPull windowed(ErpAccount account, JushuitanEntity entity, Instant now, PullWindow window) {
        return EntityPull.windowed(account, entity, now, window, live, times, props.getPull().getOverlap());
    }

    private String biz(EntityPull pull) {
        try {
            return json.writeValueAsString(pull.request()); // the exact text that is signed and sent
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String erpTime(Instant t) {
        return times.format(t);
    }
}
