package bi.ingest.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** How far each account's entity has been pulled ({@code erp_pull_checkpoint}): moved only after Kafka acknowledged. */
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
}
