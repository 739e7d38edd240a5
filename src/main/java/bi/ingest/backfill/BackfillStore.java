package bi.ingest.backfill;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Backfill jobs ({@code backfill_job}, Flyway V3). */
public class BackfillStore {

    private static final String COLUMNS = "id, account_id, entity, range_from, range_to, window_secs, origin, status, "
            + "windows_total, windows_done, records, last_error, created_at, started_at, finished_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public BackfillStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public BackfillJob create(String id, String account, String entity, Instant from, Instant to, Duration window, String origin) {
        Timestamp now = now();
        jdbc.update("INSERT INTO backfill_job (id, account_id, entity, range_from, range_to, window_secs, origin, status, "
                        + "windows_total, windows_done, records, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
                id, account, entity, Timestamp.from(from), Timestamp.from(to), window.toSeconds(), origin,
                BackfillStatus.QUEUED.name(), BackfillJob.windows(from, to, window), now, now);
        return find(id).orElseThrow();
    }

    public Optional<BackfillJob> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM backfill_job WHERE id = ?", BackfillStore::job, id).stream().findFirst();
    }

    public List<BackfillJob> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM backfill_job ORDER BY created_at DESC, id DESC", BackfillStore::job);
    }

    /** Jobs to run or resume (queued, or running when the service stopped), oldest first. */
    public List<BackfillJob> unfinished() {
        return jdbc.query("SELECT " + COLUMNS + " FROM backfill_job WHERE status IN ('QUEUED', 'RUNNING') "
                + "ORDER BY created_at, id", BackfillStore::job);
    }

    public void markRunning(String id) {
        jdbc.update("UPDATE backfill_job SET status = 'RUNNING', started_at = COALESCE(started_at, ?), updated_at = ? "
                + "WHERE id = ? AND status IN ('QUEUED', 'RUNNING')", now(), now(), id);
    }

    /** Window {@code done - 1} is on Kafka with {@code records} records; the job is finished when it was the last. */
    public void windowDone(String id, int done, long records, boolean last) {
        jdbc.update("UPDATE backfill_job SET windows_done = ?, records = records + ?, updated_at = ?, "
                        + "status = CASE WHEN ? AND status = 'RUNNING' THEN 'DONE' ELSE status END, "
                        + "finished_at = CASE WHEN ? AND status = 'RUNNING' THEN ? ELSE finished_at END WHERE id = ?",
                done, records, now(), last, last, now(), id);
    }

    public void fail(String id, String error) {
        jdbc.update("UPDATE backfill_job SET status = 'FAILED', last_error = ?, finished_at = ?, updated_at = ? "
                + "WHERE id = ? AND status = 'RUNNING'", abbreviate(error), now(), now(), id);
    }

    /** @return false when the job was not queued or running */
    public boolean cancel(String id) {
        return jdbc.update("UPDATE backfill_job SET status = 'CANCELLED', finished_at = ?, updated_at = ? "
                + "WHERE id = ? AND status IN ('QUEUED', 'RUNNING')", now(), now(), id) == 1;
    }

    /** A failed or cancelled job is queued again; it resumes with its first unfinished window. */
    public boolean requeue(String id) {
        return jdbc.update("UPDATE backfill_job SET status = 'QUEUED', last_error = NULL, finished_at = NULL, updated_at = ? "
                + "WHERE id = ? AND status IN ('FAILED', 'CANCELLED')", now(), id) == 1;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static BackfillJob job(ResultSet rs, int row) throws SQLException {
        return new BackfillJob(rs.getString("id"), rs.getString("account_id"), rs.getString("entity"),
                instant(rs, "range_from"), instant(rs, "range_to"), Duration.ofSeconds(rs.getLong("window_secs")),
                rs.getString("origin"), BackfillStatus.valueOf(rs.getString("status")), rs.getInt("windows_total"),
                rs.getInt("windows_done"), rs.getLong("records"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
