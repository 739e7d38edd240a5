package bi.ingest.backfill;

import bi.ingest.cluster.ClusterLeases;
import bi.ingest.account.AccountStore;
import bi.ingest.account.ErpAccount;
import bi.ingest.erp.SnowflakeIds;
import bi.ingest.erp.jushuitan.EntityPull;
import bi.ingest.erp.jushuitan.ErpTimes;
import bi.ingest.erp.jushuitan.JushuitanEntity;
import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.erp.jushuitan.PullProgress;
import bi.ingest.erp.jushuitan.PullWindow;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;

/**
 * Historical backfills (what {@code routes/backfill.yaml} calls): a job re-reads a range of one entity for one account
 * window by window through the same pull route as live data, at lower priority on the account's rate limit. Its
 * progress is durable: a restarted service resumes each job with its first unfinished window.
 */
@ManagedResource(objectName = "bi.ingest:type=Backfills", description = "Historical backfills")
public class Backfills {

    private static final Logger LOG = LoggerFactory.getLogger(Backfills.class);
    private static final DateTimeFormatter ERP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A job running in this process: for rates and estimates. */
    private record Run(long startedNanos, int windowsAtStart, long recordsAtStart) {
    }

    private final BackfillStore store;
    private final AccountStore accounts;
    private final BackfillProperties props;
    private final JushuitanProperties jushuitan;
    private final SnowflakeIds ids;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final ClusterLeases leases;

    public Backfills(BackfillStore store, AccountStore accounts, BackfillProperties props, JushuitanProperties jushuitan,
                     SnowflakeIds ids, Clock clock, MeterRegistry meters, ClusterLeases leases) {
        this.leases = leases;
        this.store = store;
        this.accounts = accounts;
        this.props = props;
        this.jushuitan = jushuitan;
        this.ids = ids;
        this.clock = clock;
        this.meters = meters;
        meters.gauge("bi.backfill.jobs.running", running, Map::size);
    }

    /** Validates and queues a backfill; every problem is an IllegalArgumentException the API answers with 400. */
    public BackfillView start(BackfillRequest r) {
        if (r == null) {
            throw new IllegalArgumentException("expected a JSON body {\"account\", \"entity\", \"from\", \"to\"}");
        }
        ErpAccount account = accounts.find(required(r.account(), "account"))
                .orElseThrow(() -> new IllegalArgumentException("unknown account '" + r.account() + "'"));
        if (!account.enabled()) {
            throw new IllegalArgumentException("account '" + account.id() + "' is disabled");
        }
        JushuitanEntity entity = JushuitanEntity.named(required(r.entity(), "entity"));
        if (!entity.windowed()) {
            throw new IllegalArgumentException("entity '" + entity.entity() + "' has no history to backfill (it is listed whole by every pull)");
        }
        Instant from = time(required(r.from(), "from"), "from");
        Instant to = time(required(r.to(), "to"), "to");
        return view(queue(account, entity, from, to, "api"));
    }

    /** A scheduled backfill: every enabled account re-reads the last {@code lookback} of {@code entity}. */
    public List<BackfillView> startScheduled(String name, String entityName, Duration lookback) {
        JushuitanEntity entity = JushuitanEntity.named(entityName);
        Instant to = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<BackfillView> started = new ArrayList<>();
        for (ErpAccount account : accounts.enabled(bi.ingest.normalize.JushuitanMapper.SOURCE)) {
            started.add(view(queue(account, entity, to.minus(lookback), to, name)));
        }
        LOG.info("scheduled backfill {}: {} jobs queued ({} of the last {})", name, started.size(), entity.entity(), lookback);
        return started;
    }

    public List<BackfillView> list() {
        return store.list().stream().map(this::view).toList();
    }

    public BackfillView get(String id) {
        return view(find(id));
    }

    /** Stops the job after the window it is pulling (its records stay; the rest is not read). */
    public BackfillView cancel(String id) {
        BackfillJob job = find(id);
        if (!store.cancel(id)) {
            throw new IllegalArgumentException("backfill " + id + " is " + job.status() + "; only queued or running jobs can be cancelled");
        }
        LOG.info("backfill={} cancelled after {}/{} windows", id, job.windowsDone(), job.windowsTotal());
        return get(id);
    }

    /** Queues a failed or cancelled job again; it resumes with its first unfinished window. */
    public BackfillView retry(String id) {
        BackfillJob job = find(id);
        if (!store.requeue(id)) {
            throw new IllegalArgumentException("backfill " + id + " is " + job.status() + "; only failed or cancelled jobs can be retried");
        }
        LOG.info("backfill={} queued again at window {}/{}", id, job.windowsDone() + 1, job.windowsTotal());
        return get(id);
    }

    /**
     * Jobs to start now (queued, or interrupted by a restart), within the per-account limit; marked running. A job
     * runs on the instance that takes its lease; the job of an instance that died is taken over once its lease
     * expired, at its first unfinished window.
     */
    public synchronized List<EntityPull> runnable() {
        Map<String, Integer> perAccount = new HashMap<>();
        running.keySet().forEach(id -> store.find(id).ifPresent(j -> perAccount.merge(j.account(), 1, Integer::sum)));
        List<EntityPull> runs = new ArrayList<>();
        for (BackfillJob job : store.unfinished()) {
            if (running.containsKey(job.id()) || perAccount.getOrDefault(job.account(), 0) >= props.getMaxConcurrentPerAccount()) {
                continue;
            }
            String lease = lease(job.id());
            if (!leases.take(lease)) {
                perAccount.merge(job.account(), 1, Integer::sum); // another instance runs it
                continue;
            }
            ErpAccount account = accounts.find(job.account()).filter(ErpAccount::enabled).orElse(null);
            if (account == null) {
                store.markRunning(job.id());
                store.fail(job.id(), "account " + job.account() + " is missing or disabled");
                leases.release(lease);
                continue;
            }
            store.markRunning(job.id());
            perAccount.merge(job.account(), 1, Integer::sum);
            running.put(job.id(), new Run(System.nanoTime(), job.windowsDone(), job.records()));
            LOG.info("backfill={} account={} entity={} {} at window {}/{}", job.id(), job.account(), job.entity(),
                    job.windowsDone() == 0 ? "started" : "resumed", job.windowsDone() + 1, job.windowsTotal());
            runs.add(EntityPull.windowed(account, JushuitanEntity.named(job.entity()), clock.instant(),
                    job.window(job.windowsDone()), new Progress(job), new ErpTimes(jushuitan.getTimeZone()),
                    jushuitan.getPull().getOverlap()).leasedAs(lease));
        }
        return runs;
    }

    @ManagedAttribute(description = "Backfills running in this process")
    public int getRunningJobs() {
        return running.size();
    }

    @ManagedAttribute(description = "Backfills waiting to run")
    public long getQueuedJobs() {
        return store.unfinished().stream().filter(j -> j.status() == BackfillStatus.QUEUED).count();
    }

    @ManagedAttribute(description = "Unfinished backfills: id account entity status windows-done/total records")
    public String[] getUnfinishedJobs() {
        return store.unfinished().stream().map(j -> j.id() + " " + j.account() + " " + j.entity() + " " + j.status()
                + " " + j.windowsDone() + "/" + j.windowsTotal() + " " + j.records()).toArray(String[]::new);
    }

    private BackfillJob queue(ErpAccount account, JushuitanEntity entity, Instant from, Instant to, String origin) {
        Instant now = clock.instant();
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (to.isAfter(now.plusSeconds(60))) {
            throw new IllegalArgumentException("the range ends in the future (to " + to + ", now " + now + ")");
        }
        if (from.isBefore(now.minus(props.getMaxAge()))) {
            throw new IllegalArgumentException("from (" + from + ") is older than the ERP keeps data (bi.backfill.max-age = "
                    + props.getMaxAge().toDays() + " days)");
        }
        BackfillJob job = store.create("bf-" + ids.next(), account.id(), entity.entity(), from, to,
                jushuitan.getPull().getMaxWindow(), origin);
        LOG.info("backfill={} queued: account={} entity={} range={}..{} windows={} origin={}", job.id(), account.id(),
                entity.entity(), from, to, job.windowsTotal(), origin);
        return job;
    }

    private static String lease(String jobId) {
        return "backfill:" + jobId;
    }

    private BackfillJob find(String id) {
        return store.find(id).orElseThrow(() -> new BackfillNotFoundException(id));
    }

    private BackfillView view(BackfillJob j) {
        Run run = running.get(j.id());
        Double rate = null;
        Long left = null;
        if (run != null && j.status() == BackfillStatus.RUNNING) {
            double seconds = (System.nanoTime() - run.startedNanos()) / 1e9;
            int windows = j.windowsDone() - run.windowsAtStart();
            rate = seconds > 0 ? (j.records() - run.recordsAtStart()) / seconds : null;
            left = windows > 0 ? Math.round(seconds / windows * (j.windowsTotal() - j.windowsDone())) : null;
        }
        return new BackfillView(j.id(), j.account(), j.entity(), j.from(), j.to(), j.origin(), j.status().name(),
                j.windowsDone(), j.windowsTotal(), j.records(), rate, left, j.lastError(), j.createdAt(), j.startedAt(),
                j.finishedAt());
    }

    private Instant time(String text, String field) {
        String t = text.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(jushuitan.getTimeZone()).toInstant();
            }
            if (t.length() == 19 && t.charAt(10) == ' ') {
                return LocalDateTime.parse(t, ERP_TIME).atZone(jushuitan.getTimeZone()).toInstant();
            }
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": expected 2026-01-01, 2026-01-01 08:00:00 (ERP time) or "
                    + "2026-01-01T00:00:00Z, got '" + text + "'");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** A job's progress: each finished window is stored before the next one starts; a cancel is seen here. */
    private final class Progress implements PullProgress {

        private final BackfillJob job;
        private int done;

        Progress(BackfillJob job) {
            this.job = job;
            this.done = job.windowsDone();
        }

        @Override
        public PullWindow windowDone(EntityPull pull) {
            done++;
            boolean last = done >= job.windowsTotal();
            store.windowDone(job.id(), done, pull.windowRecords(), last);
            meters.counter("bi.backfill.records", "account", job.account(), "entity", job.entity()).increment(pull.windowRecords());
            meters.counter("bi.backfill.windows", "account", job.account(), "entity", job.entity()).increment();
            BackfillJob now = store.find(job.id()).orElseThrow();
            if (!leases.holds(lease(job.id()))) {
                running.remove(job.id());
                LOG.warn("backfill={} stops here after window {}/{}: another instance took it over", job.id(), done,
                        job.windowsTotal());
                return null;
            }
            BackfillView v = view(now);
            LOG.info("backfill={} account={} entity={} window {}/{} records={} total_records={} records_per_s={} seconds_left={}",
                    job.id(), job.account(), job.entity(), done, job.windowsTotal(), pull.windowRecords(), now.records(),
                    v.recordsPerSecond() == null ? "-" : Math.round(v.recordsPerSecond()), v.secondsLeft() == null ? "-" : v.secondsLeft());
            if (last || now.status() != BackfillStatus.RUNNING) {
                running.remove(job.id());
                LOG.info("backfill={} {} after {}/{} windows, {} records", job.id(),
                        last ? "done" : now.status().name().toLowerCase(), done, job.windowsTotal(), now.records());
                return null;
            }
            return job.window(done);
        }

        @Override
        public void failed(EntityPull pull, Exception e) {
            store.fail(job.id(), e.getMessage() == null ? e.toString() : e.getMessage());
            running.remove(job.id());
            LOG.warn("backfill={} failed at window {}/{}: {}; retry it with POST /admin/backfills/{}/retry",
                    job.id(), done + 1, job.windowsTotal(), e.toString(), job.id());
        }

        @Override
        public boolean background() {
            return true;
        }
    }
}
