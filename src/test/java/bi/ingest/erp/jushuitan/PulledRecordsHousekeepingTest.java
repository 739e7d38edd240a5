package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;

import bi.ingest.sandbox.TestDatabases;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The pulls' idempotent repository on the Flyway schema, and its housekeeping, on H2 and PostgreSQL. */
class PulledRecordsHousekeepingTest {

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void versionsOlderThanTheRetentionAreForgottenAndRecentOnesKept(String db) throws Exception {
        DataSource ds = TestDatabases.migrated(db);
        JdbcMessageIdRepository repo = new JdbcMessageIdRepository(ds, "jushuitan-pull");
        repo.setCreateTableIfNotExists(false);
        repo.start();
        assertThat(repo.add("old-version")).isTrue();
        assertThat(repo.add("recent-version")).isTrue();
        assertThat(repo.add("recent-version")).as("a version is published once").isFalse();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        jdbc.update("UPDATE CAMEL_MESSAGEPROCESSED SET createdAt = ? WHERE messageId = 'old-version'",
                Timestamp.from(Instant.now().minus(Duration.ofDays(40))));

        int purged = new PulledRecordsHousekeeping(jdbc, "jushuitan-pull", Duration.ofDays(30), Clock.systemUTC()).purge();

        assertThat(purged).isEqualTo(1);
        assertThat(repo.contains("old-version")).isFalse();
        assertThat(repo.contains("recent-version")).isTrue();
        repo.stop();
    }
}
