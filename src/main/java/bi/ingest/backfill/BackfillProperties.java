package bi.ingest.backfill;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bi.backfill.*}: historical re-reads through the same path as live data. */
@ConfigurationProperties("bi.backfill")
public class BackfillProperties {

    /** At most this many backfills of one account run at once; the others wait in the queue. */
    private int maxConcurrentPerAccount = 1;
    /** Backfills running at once over all accounts. */
    private int workers = 4;
    /** How far back the ERP keeps data: older ranges are refused. */
    private Duration maxAge = Duration.ofDays(1095);
    /** Quartz cron of starting queued (and resuming interrupted) jobs. */
    private String dispatchSchedule = "0/10 * * * * ?";
    /** Scheduled backfills by name: every enabled account gets a job for the last {@code lookback}. */
    private Map<String, Schedule> schedules = new LinkedHashMap<>();

    /** One scheduled backfill. */
    public static class Schedule {
        /** Quartz cron. */
        private String cron;
        private String entity = "orders";
        private Duration lookback = Duration.ofDays(3);

        public String getCron() { return cron; }
        public void setCron(String cron) { this.cron = cron; }
        public String getEntity() { return entity; }
        public void setEntity(String entity) { this.entity = entity; }
        public Duration getLookback() { return lookback; }
        public void setLookback(Duration lookback) { this.lookback = lookback; }
    }

    public int getMaxConcurrentPerAccount() { return maxConcurrentPerAccount; }
    public void setMaxConcurrentPerAccount(int v) { this.maxConcurrentPerAccount = v; }
    public int getWorkers() { return workers; }
    public void setWorkers(int workers) { this.workers = workers; }
    public Duration getMaxAge() { return maxAge; }
    public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
    public String getDispatchSchedule() { return dispatchSchedule; }
    public void setDispatchSchedule(String dispatchSchedule) { this.dispatchSchedule = dispatchSchedule; }
    public Map<String, Schedule> getSchedules() { return schedules; }
    public void setSchedules(Map<String, Schedule> schedules) { this.schedules = schedules; }
}
