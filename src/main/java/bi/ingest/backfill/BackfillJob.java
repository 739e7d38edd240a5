package bi.ingest.backfill;

import bi.ingest.erp.jushuitan.PullWindow;
import java.time.Duration;
import java.time.Instant;

/**
 * A backfill: re-read {@code [from, to]} of one entity for one account, in windows of {@code window} run in order.
 *
 * @param origin {@code api}, or the name of the schedule that started it
 * @param windowsDone windows whose records are all on Kafka; the job resumes with the next one
 */
public record BackfillJob(String id, String account, String entity, Instant from, Instant to, Duration window,
                          String origin, BackfillStatus status, int windowsTotal, int windowsDone, long records,
                          String lastError, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** Number of windows {@code [from, to]} splits into. */
    public static int windows(Instant from, Instant to, Duration window) {
        long span = Duration.between(from, to).toSeconds();
        return (int) Math.max(1, (span + window.toSeconds() - 1) / window.toSeconds());
    }

    /** Window {@code i} (0-based): consecutive windows share their boundary second (bounds are inclusive). */
    public PullWindow window(int i) {
        Instant begin = from.plusSeconds(i * window.toSeconds());
        Instant end = begin.plus(window);
        return new PullWindow(begin, end.isAfter(to) ? to : end);
    }
}
