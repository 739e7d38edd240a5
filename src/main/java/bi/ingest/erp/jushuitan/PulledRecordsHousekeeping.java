package bi.ingest.erp.jushuitan;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Forgets published record versions older than the retention: the idempotent repository only needs to cover
 * windows that overlap (minutes) and re-reads of recent history, and would otherwise grow with every version.
 * Camel's JdbcMessageIdRepository has no expiry of its own.
 */
public class PulledRecordsHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(PulledRecordsHousekeeping.class);

    private final JdbcTemplate jdbc;
    private final String processorName;
    private final Duration retention;
    private final Clock clock;

    public PulledRecordsHousekeeping(JdbcTemplate jdbc, String processorName, Duration retention, Clock clock) {
        this.jdbc = jdbc;
        this.processorName = processorName;
        this.retention = retention;
        this.clock = clock;
    }

    public int purge() {
        int n = jdbc.update("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND createdAt < ?",
                processorName, Timestamp.from(clock.instant().minus(retention)));
        LOG.info("forgot {} published record versions older than {}", n, retention);
        return n;
    }
}
