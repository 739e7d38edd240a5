package bi.ingest.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.cluster.ClusterLeases;
import bi.ingest.account.AccountStore;
import bi.ingest.account.AppType;
import bi.ingest.account.ErpAccount;
import bi.ingest.erp.SnowflakeIds;
import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.sandbox.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Scheduled backfills from configuration, and the job store, on H2 and PostgreSQL. */
class ScheduledBackfillsTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-20T18:29:00Z"); // 02:29 in Asia/Shanghai

        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void aDueScheduleQueuesOneJobPerEnabledAccountAndNothingUntilItIsDueAgain(String db) {
        TestClock clock = new TestClock();
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.migrated(db));
        AccountStore accounts = new AccountStore(jdbc, clock, bi.ingest.account.CredentialCipher.of(""));
        accounts.create(account("a1", true));
        accounts.create(account("a2", true));
        accounts.create(account("off", false));
        BackfillProperties props = new BackfillProperties();
        BackfillProperties.Schedule nightly = new BackfillProperties.Schedule();
        nightly.setCron("0 30 2 * * ?");
        nightly.setEntity("orders");
        nightly.setLookback(Duration.ofDays(3));
        props.getSchedules().put("nightly-orders", nightly);
        BackfillStore store = new BackfillStore(jdbc, clock);
        Backfills backfills = new Backfills(store, accounts, props, new JushuitanProperties(), new SnowflakeIds(1, clock),
                clock, new SimpleMeterRegistry(), new ClusterLeases(jdbc, clock, "instance-1"));
        ScheduledBackfills schedules = new ScheduledBackfills(backfills, props, clock, java.util.TimeZone.getTimeZone("Asia/Shanghai"),
                new ClusterLeases(jdbc, clock, "instance-1"));
        // a second instance on the same state store checks the same schedule
        ScheduledBackfills onAnotherInstance = new ScheduledBackfills(backfills, props, clock,
                java.util.TimeZone.getTimeZone("Asia/Shanghai"), new ClusterLeases(jdbc, clock, "instance-2"));

        schedules.queueDue();
        onAnotherInstance.queueDue();
        assertThat(store.list()).as("not due yet").isEmpty();

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        schedules.queueDue();
        onAnotherInstance.queueDue();
        List<BackfillJob> jobs = store.list();
        assertThat(jobs).extracting(BackfillJob::account).containsExactlyInAnyOrder("a1", "a2");
        assertThat(jobs).allSatisfy(j -> {
            assertThat(j.origin()).isEqualTo("nightly-orders");
            assertThat(j.status()).isEqualTo(BackfillStatus.QUEUED);
            assertThat(Duration.between(j.from(), j.to())).isEqualTo(Duration.ofDays(3));
            assertThat(j.windowsTotal()).isEqualTo(1);
        });

        clock.now = clock.now.plus(Duration.ofHours(1));
        schedules.queueDue();
        assertThat(store.list()).as("once a night").hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void jobsResumeCancelAndRetryInTheStore(String db) {
        TestClock clock = new TestClock();
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.migrated(db));
        new AccountStore(jdbc, clock, bi.ingest.account.CredentialCipher.of("")).create(account("a1", true));
        BackfillStore store = new BackfillStore(jdbc, clock);
        BackfillJob job = store.create("bf-1", "a1", "orders", clock.now.minus(Duration.ofDays(20)), clock.now, Duration.ofDays(7), "api");
        assertThat(job.windowsTotal()).isEqualTo(3);
        assertThat(job.window(2).end()).isEqualTo(clock.now);
        assertThat(job.window(1).begin()).isEqualTo(job.window(0).end());

        store.markRunning("bf-1");
        store.windowDone("bf-1", 1, 40, false);
        assertThat(store.unfinished()).extracting(BackfillJob::windowsDone).containsExactly(1); // resumes at window 2
        assertThat(store.cancel("bf-1")).isTrue();
        assertThat(store.cancel("bf-1")).isFalse();
        assertThat(store.requeue("bf-1")).isTrue();
        store.markRunning("bf-1");
        store.windowDone("bf-1", 2, 10, false);
        store.windowDone("bf-1", 3, 5, true);
        BackfillJob done = store.find("bf-1").orElseThrow();
        assertThat(done.status()).isEqualTo(BackfillStatus.DONE);
        assertThat(done.records()).isEqualTo(55);
        assertThat(store.unfinished()).isEmpty();
        assertThatThrownBy(() -> new ScheduledBackfills(null, badCron(), clock, java.util.TimeZone.getDefault(), null))
                .hasMessageContaining("bi.backfill.schedules.broken.cron");
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void anAccountRunsAtMostTheConfiguredNumberOfBackfillsAtOnce(String db) {
        TestClock clock = new TestClock();
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.migrated(db));
        AccountStore accounts = new AccountStore(jdbc, clock, bi.ingest.account.CredentialCipher.of(""));
        accounts.create(account("a1", true));
        accounts.create(account("a2", true));
        BackfillProperties props = new BackfillProperties();
        props.setMaxConcurrentPerAccount(1);
        ClusterLeases leases = new ClusterLeases(jdbc, clock, "instance-1");
        Backfills backfills = new Backfills(new BackfillStore(jdbc, clock), accounts, props, new JushuitanProperties(),
                new SnowflakeIds(1, clock), clock, new SimpleMeterRegistry(), leases);
        Backfills onAnotherInstance = new Backfills(new BackfillStore(jdbc, clock), accounts, props, new JushuitanProperties(),
                new SnowflakeIds(2, clock), clock, new SimpleMeterRegistry(), new ClusterLeases(jdbc, clock, "instance-2"));
        for (String account : List.of("a1", "a1", "a2")) {
            backfills.start(new BackfillRequest(account, "orders", "2026-10-01", "2026-11-01"));
        }

        assertThat(backfills.runnable()).extracting(p -> p.account().id()).containsExactlyInAnyOrder("a1", "a2");
        assertThat(backfills.runnable()).as("the second job of a1 waits for the first").isEmpty();
        assertThat(onAnotherInstance.runnable()).as("nor does another instance start it").isEmpty();
        assertThat(backfills.getRunningJobs()).isEqualTo(2);
        assertThat(backfills.getQueuedJobs()).isEqualTo(1);

        clock.now = clock.now.plus(ClusterLeases.DEFAULT_TTL.dividedBy(2));
        leases.renewHeld();
        clock.now = clock.now.plus(ClusterLeases.DEFAULT_TTL.dividedBy(2).plusSeconds(1));
        assertThat(onAnotherInstance.runnable()).as("renewed: still running on the first instance").isEmpty();
        clock.now = clock.now.plus(ClusterLeases.DEFAULT_TTL); // the first instance died: no renewal
        assertThat(onAnotherInstance.runnable()).as("taken over").extracting(p -> p.account().id())
                .containsExactlyInAnyOrder("a1", "a2");
    }

    private static BackfillProperties badCron() {
        BackfillProperties props = new BackfillProperties();
        BackfillProperties.Schedule s = new BackfillProperties.Schedule();
        s.setCron("every night");
        props.getSchedules().put("broken", s);
        return props;
    }

    private static ErpAccount account(String id, boolean enabled) {
        return new ErpAccount(id, "jushuitan", id, "k-" + id, "s-" + id, AppType.SELF_BUILT, List.of(), enabled,
                Instant.parse("2026-01-01T00:00:00Z"), null, null);
    }
}
