package bi.ingest.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far each account's entity has been pulled, moved only after Kafka acknowledged: the modified time pulled
 * through ({@code erp_pull_checkpoint}) and, for entities with a row-version cursor, the positions read
 * ({@code erp_pull_row_version}).
 */
public class CheckpointStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public CheckpointStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Instant> pulledThrough(String accountId, String entity) {
        return jdbc.queryForList("SELECT pulled_through FROM erp_pull_checkpoint WHERE account_id = ? AND entity = ?",
                Timestamp.class, accountId, entity).stream().findFirst().map(Timestamp::toInstant);
    }

    public void advance(String accountId, String entity, Instant through) {
        Timestamp now = Timestamp.from(clock.instant());
        int n = jdbc.update("UPDATE erp_pull_checkpoint SET pulled_through = ?, updated_at = ? "
                + "WHERE account_id = ? AND entity = ?", Timestamp.from(through), now, accountId, entity);
        if (n == 0) {
            jdbc.update("INSERT INTO erp_pull_checkpoint (account_id, entity, pulled_through, updated_at) VALUES (?, ?, ?, ?)",
                    accountId, entity, Timestamp.from(through), now);
        }
    }

    /**
     * Where the next row-version pull of an account's entity starts, or empty before its first position is known.
     * It is the newest position read at least {@code lateCommits} before the latest complete pull began: a change that
     * becomes visible at most {@code lateCommits} after its version was assigned is then read by the first pull that
     * begins after it is visible. Positions older than the one chosen are forgotten.
     */
    public Optional<Long> rowVersionStart(String accountId, String entity, Duration lateCommits) {
        List<Timestamp> lastComplete = jdbc.queryForList("SELECT MAX(pull_started) FROM erp_pull_row_version "
                + "WHERE account_id = ? AND entity = ? AND pull_complete = TRUE", Timestamp.class, accountId, entity);
        if (lastComplete.isEmpty() || lastComplete.get(0) == null) {
            return Optional.empty();
        }
        Timestamp bound = Timestamp.from(lastComplete.get(0).toInstant().minus(lateCommits));
        String where = " FROM erp_pull_row_version WHERE account_id = ? AND entity = ?";
        Timestamp readAt = jdbc.queryForObject("SELECT MAX(read_at)" + where + " AND read_at <= ?", Timestamp.class,
                accountId, entity, bound);
        if (readAt == null) { // every position is younger than lateCommits: the first one known
            readAt = jdbc.queryForObject("SELECT MIN(read_at)" + where, Timestamp.class, accountId, entity);
        }
        Long nextTs = jdbc.queryForObject("SELECT MAX(next_ts)" + where + " AND read_at = ?", Long.class,
                accountId, entity, readAt);
        jdbc.update("DELETE" + where + " AND read_at < ?", accountId, entity, readAt);
        return Optional.of(nextTs);
    }

    /**
     * A row-version pull that began at {@code pullStarted} has every record before {@code nextTs} on Kafka at
     * {@code readAt}; {@code pullComplete} when it read to the end of the changes.
     */
    public void rowVersionRead(String accountId, String entity, Instant pullStarted, Instant readAt, long nextTs,
                               boolean pullComplete) {
        jdbc.update("INSERT INTO erp_pull_row_version (account_id, entity, pull_started, read_at, next_ts, pull_complete) "
                + "VALUES (?, ?, ?, ?, ?, ?)", accountId, entity, Timestamp.from(pullStarted), Timestamp.from(readAt),
                nextTs, pullComplete);
    }
}
