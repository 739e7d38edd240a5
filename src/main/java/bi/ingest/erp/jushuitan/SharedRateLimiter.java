package bi.ingest.erp.jushuitan;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At most N calls in any window of length P, for several (N, P) at once (an app's 5 per second and 100 per minute),
 * over every instance of the service: a call reserves its time in {@code erp_rate_slot} under a row lock on its app
 * ({@code SELECT ... FOR UPDATE} on {@code erp_rate_app}), at the earliest time that keeps every window within its
 * number, then waits for it. Written by hand because Resilience4j's RateLimiter counts fixed cycles in one JVM: N calls
 * at the end of one cycle and N at the start of the next are 2N within one second, which the ERP refuses, and two
 * instances would each allow N. Times are the instances' wall clocks (NTP-synchronized); the margin covers the rest.
 */
public class SharedRateLimiter {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AtomicInteger foregroundWaiting = new AtomicInteger();
    private final AtomicLong reservations = new AtomicLong();

    /** A call that keeps waking up late books at most this often, then goes. */
    private static final int MAX_BOOKINGS = 3;

    public SharedRateLimiter(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * What a call was granted: how long it waited, and the time (epoch milliseconds) it was booked at, from which the
     * caller can tell how late it finally went.
     */
    public record Grant(long waitedMillis, long bookedAt) {
    }

    /** Milliseconds from {@code epochMillis} to now, by this limiter's clock. */
    public long millisSince(long epochMillis) {
        return clock.millis() - epochMillis;
    }

    /**
     * Blocks until a call of {@code appKey} may go.
     *
     * @param background a backfill's call: it waits while live calls of this instance are waiting first
     */
    public Grant acquire(String appKey, int[] permits, Duration[] windows, Duration margin, boolean background)
            throws InterruptedException {
        long started = clock.millis();
        if (background) {
            while (foregroundWaiting.get() > 0) {
                Thread.sleep(20);
            }
        } else {
            foregroundWaiting.incrementAndGet();
        }
        try {
            long[] lengths = new long[windows.length];
            for (int w = 0; w < windows.length; w++) {
                lengths[w] = windows[w].plus(margin).toMillis();
            }
            long late = Math.max(margin.toMillis(), 1);
            for (int booking = 1; ; booking++) {
                long at = reserve(appKey, clock.millis(), permits, lengths);
                long wait = at - clock.millis();
                if (wait > 0) {
                    TimeUnit.MILLISECONDS.sleep(wait);
                }
                // woke later than the margin after its time (a GC pause, a starved CPU): calls the pause held back would
                // go out together, so book again behind them (the stale booking only makes the window stricter)
                if (clock.millis() - at <= late || booking == MAX_BOOKINGS) {
                    return new Grant(clock.millis() - started, at);
                }
            }
        } finally {
            if (!background) {
                foregroundWaiting.decrementAndGet();
            }
        }
    }

    /** Books the earliest time at or after {@code now} that keeps every window within its limit. */
    long reserve(String appKey, long now, int[] permits, long[] lengths) {
        ensureApp(appKey);
        int most = 0;
        for (int p : permits) {
            most = Math.max(most, p);
        }
        int recentCount = most;
        long longest = java.util.Arrays.stream(lengths).max().orElse(0);
        Long at = tx.execute(status -> {
            jdbc.queryForList("SELECT app_key FROM erp_rate_app WHERE app_key = ? FOR UPDATE", appKey);
            List<Long> recent = jdbc.queryForList("SELECT reserved_at FROM erp_rate_slot WHERE app_key = ? "
                    + "ORDER BY reserved_at DESC LIMIT ?", Long.class, appKey, recentCount);
            long slot = earliest(now, recent, permits, lengths);
            jdbc.update("INSERT INTO erp_rate_slot (app_key, reserved_at) VALUES (?, ?)", appKey, slot);
            if (reservations.incrementAndGet() % 200 == 0) {
                jdbc.update("DELETE FROM erp_rate_slot WHERE app_key = ? AND reserved_at < ?", appKey, now - 2 * longest);
            }
            return slot;
        });
        return at == null ? now : at;
    }

    /**
     * The earliest time at or after {@code now}, and not before the newest reservation, at which the calls reserved
     * in each window's length before it number fewer than the window's permits.
     *
     * @param recent the app's reserved times, newest first (at least max(permits) of them when there are that many)
     */
    static long earliest(long now, List<Long> recent, int[] permits, long[] lengths) {
        long at = recent.isEmpty() ? now : Math.max(now, recent.get(0));
        for (int w = 0; w < permits.length; w++) {
            if (recent.size() >= permits[w]) {
                at = Math.max(at, recent.get(permits[w] - 1) + lengths[w]);
            }
        }
        return at;
    }

    private void ensureApp(String appKey) {
        if (jdbc.queryForList("SELECT 1 FROM erp_rate_app WHERE app_key = ?", appKey).isEmpty()) {
            try {
                jdbc.update("INSERT INTO erp_rate_app (app_key) VALUES (?)", appKey);
            } catch (DuplicateKeyException e) {
                // another instance or thread added it just now
            }
        }
    }
}
