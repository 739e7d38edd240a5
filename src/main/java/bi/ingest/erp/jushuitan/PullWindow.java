package bi.ingest.erp.jushuitan;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** An inclusive modified-time window of an incremental pull. */
public record PullWindow(Instant begin, Instant end) {

    /**
     * The window after {@code pulledThrough}: starting {@code overlap} earlier (late commits), at most
     * {@code maxWindow} long, ending no later than {@code now}; empty when nothing is left to pull.
     */
    public static Optional<PullWindow> next(Instant pulledThrough, Instant now, Duration overlap, Duration maxWindow) {
        Instant through = pulledThrough.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant until = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (!until.isAfter(through)) {
            return Optional.empty();
        }
        Instant begin = through.minus(overlap);
        Instant end = begin.plus(maxWindow);
        return Optional.of(new PullWindow(begin, end.isAfter(until) ? until : end));
    }
}
