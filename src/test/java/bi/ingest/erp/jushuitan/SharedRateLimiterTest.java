package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The app's rate limit over several instances sharing the state store (each limiter here stands for one). */
class SharedRateLimiterTest {

    private static final int[] PERMITS = {5, 100};
    private static final long[] LENGTHS = {1_000, 60_000};

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void instancesReservingAtOnceNeverPutMoreCallsInAWindowThanAllowed(String db) throws Exception {
        DataSource ds = bi.ingest.sandbox.TestDatabases.migrated(db);
        List<SharedRateLimiter> instances = List.of(limiter(ds), limiter(ds), limiter(ds));
        List<Long> times = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        long now = 1_000_000;
        for (int t = 0; t < 6; t++) {
            SharedRateLimiter instance = instances.get(t % 3);
            done.add(threads.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    times.add(instance.reserve("app-1", now + i * 37L, PERMITS, LENGTHS)); // bursts from every thread
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        assertThat(times).hasSize(240);
        for (long start : times) {
            assertThat(times.stream().filter(t -> t >= start && t < start + 1_000).count()).isLessThanOrEqualTo(5);
            assertThat(times.stream().filter(t -> t >= start && t < start + 60_000).count()).isLessThanOrEqualTo(100);
        }
        assertThat(limiter(ds).reserve("app-2", now, PERMITS, LENGTHS)).as("another app has its own limit").isEqualTo(now);
    }

    @Test
    void callsWithinTheLimitDoNotWaitAndTheNextWaitsUntilTheFirstLeavesTheWindow() {
        SharedRateLimiter limiter = limiter(bi.ingest.sandbox.TestDatabases.migrated("h2"));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.reserve("app", 0, new int[] {5}, new long[] {1_000})).isZero();
        }
        assertThat(limiter.reserve("app", 0, new int[] {5}, new long[] {1_000})).isEqualTo(1_000);
    }

    private static SharedRateLimiter limiter(DataSource ds) {
        return new SharedRateLimiter(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)),
                Clock.systemUTC());
    }
}
