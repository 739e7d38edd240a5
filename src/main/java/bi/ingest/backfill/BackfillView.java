package bi.ingest.backfill;

import java.time.Instant;

/**
 * A job as the admin API shows it, with its progress. {@code records} counts records read from the ERP (versions
 * published before are read but not published again); rate and seconds left are known while the job runs here.
 */
public record BackfillView(String id, String account, String entity, Instant from, Instant to, String origin,
                          String status, int windowsDone, int windowsTotal, long records, Double recordsPerSecond,
                          Long secondsLeft, String lastError, Instant createdAt, Instant startedAt, Instant finishedAt) {
}
