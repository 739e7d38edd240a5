package bi.ingest.backfill;

import bi.ingest.cluster.ClusterLeases;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Backfills from configuration ({@code bi.backfill.schedules.<name>}): when a schedule's Quartz cron came due since
 * the last check, every enabled account gets a job for the schedule's lookback. Checked by the dispatch route of
 * every instance; the instance that claims a schedule's due time queues its jobs.
 */
public class ScheduledBackfills {

    private final Backfills backfills;
    private final Map<String, BackfillProperties.Schedule> schedules;
    private final Map<String, CronExpression> crons = new LinkedHashMap<>();
    private final Clock clock;
    private Instant checked;
    private final ClusterLeases leases;

    /** @param zone the zone the crons are read in (the ERP's: "02:30" is 02:30 for the merchant) */
    public ScheduledBackfills(Backfills backfills, BackfillProperties props, Clock clock, TimeZone zone, ClusterLeases leases) {
        this.leases = leases;
        this.backfills = backfills;
        this.schedules = props.getSchedules();
        this.clock = clock;
        this.checked = clock.instant();
        schedules.forEach((name, s) -> {
            try {
                CronExpression cron = new CronExpression(s.getCron());
                cron.setTimeZone(zone);
                crons.put(name, cron);
            } catch (ParseException | NullPointerException e) {
                throw new IllegalStateException("bi.backfill.schedules." + name + ".cron is not a Quartz cron: " + s.getCron(), e);
            }
        });
    }

    /** Queues the jobs of every schedule that came due since the last call. */
    public synchronized void queueDue() {
        Instant now = clock.instant();
        crons.forEach((name, cron) -> {
            Date next = cron.getNextValidTimeAfter(Date.from(checked));
            if (next != null && !next.toInstant().isAfter(now) && leases.claimTriggerOnly("schedule:" + name, next.toInstant())) {
                BackfillProperties.Schedule s = schedules.get(name);
                backfills.startScheduled(name, s.getEntity(), s.getLookback());
            }
        });
        checked = now;
    }
}
