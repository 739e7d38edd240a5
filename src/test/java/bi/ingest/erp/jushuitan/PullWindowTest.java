package bi.ingest.erp.jushuitan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PullWindowTest {

    private static final Duration OVERLAP = Duration.ofMinutes(5);
    private static final Duration MAX = Duration.ofDays(7);
    private final Instant t0 = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void aWindowStartsAnOverlapBeforeTheCheckpointAndIsAtMostTheMaximumLong() {
        PullWindow w = PullWindow.next(t0, t0.plus(Duration.ofDays(30)), OVERLAP, MAX).orElseThrow();
        assertThat(w.begin()).isEqualTo(t0.minus(OVERLAP));
        assertThat(Duration.between(w.begin(), w.end())).isEqualTo(MAX);
    }

    @Test
    void theLastWindowEndsNowAndNothingIsLeftAfterIt() {
        Instant now = t0.plusSeconds(90).plusMillis(700);
        PullWindow w = PullWindow.next(t0, now, OVERLAP, MAX).orElseThrow();
        assertThat(w.end()).isEqualTo(t0.plusSeconds(90));
        assertThat(PullWindow.next(w.end(), now, OVERLAP, MAX)).isEmpty();
    }

    @Test
    void windowsFollowEachOtherWithoutAGap() {
        Instant now = t0.plus(Duration.ofDays(20));
        Instant through = t0;
        int windows = 0;
        for (var w = PullWindow.next(through, now, OVERLAP, MAX); w.isPresent(); w = PullWindow.next(through, now, OVERLAP, MAX)) {
            assertThat(w.get().begin()).isBefore(through);
            through = w.get().end();
            windows++;
        }
        assertThat(through).isEqualTo(now);
        assertThat(windows).isEqualTo(3);
    }
}
