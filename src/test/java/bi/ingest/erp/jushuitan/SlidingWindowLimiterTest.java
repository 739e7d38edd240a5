package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void noWindowOfAnyLimitEverHoldsMoreCallsThanAllowed() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(new int[] {5, 100},
                new Duration[] {Duration.ofSeconds(1), Duration.ofMinutes(1)}, Duration.ZERO);
        List<Long> times = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 300; i++) {
            now += (i % 7 == 0) ? 900_000_000L : 1_000; // bursts and pauses
            times.add(limiter.reserve(now));
        }
        for (int i = 0; i < times.size(); i++) {
            long start = times.get(i);
            assertThat(times.stream().filter(t -> t >= start && t < start + SECOND).count()).isLessThanOrEqualTo(5);
            assertThat(times.stream().filter(t -> t >= start && t < start + 60 * SECOND).count()).isLessThanOrEqualTo(100);
        }
    }

    @Test
    void callsWithinTheLimitDoNotWaitAndTheLimitIsSaturated() {
        SlidingWindowLimiter limiter = new SlidingWindowLimiter(new int[] {5}, new Duration[] {Duration.ofSeconds(1)}, Duration.ZERO);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.reserve(0)).isZero();
        }
        assertThat(limiter.reserve(0)).as("the sixth waits exactly until the first leaves the window").isEqualTo(SECOND);
    }
}
