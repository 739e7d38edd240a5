package bi.ingest.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.LockSupport;

/**
 * Notices when this JVM stops running its threads (a collection, or no free core on a machine shared with service
 * processes): a ticker that should wake every few milliseconds and wakes much later has seen a stall. A sandbox
 * that stamps a call's arrival when it reads it cannot tell, after such a stall, when the call really arrived: any
 * time during the stall. {@link #earliestArrival} gives that earliest time, so a rate limit is not broken by the
 * sandbox's own pause, which holds back calls a client sent on time and then hands them over together.
 */
final class StallWatch implements AutoCloseable {

    private static final long TICK = Duration.ofMillis(10).toNanos();
    /** Lateness of the ticker beyond which it counts a stall: far above a scheduler's usual slice. */
    private static final long STALL = Duration.ofMillis(40).toNanos();
    /** How long after a stall's end a read call may still have arrived during it (the reader resumes after the ticker). */
    private static final long RESUME = Duration.ofMillis(40).toNanos();
    private static final long KEEP = Duration.ofMinutes(2).toNanos();

    private final Deque<long[]> stalls = new ArrayDeque<>();
    private volatile long lastTick = System.nanoTime();
    private final Thread ticker;

    StallWatch(String name) {
        ticker = new Thread(this::tick, name);
        ticker.setDaemon(true);
        ticker.start();
    }

    private void tick() {
        while (!Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(TICK);
            long now = System.nanoTime();
            long last = lastTick;
            if (now - last > TICK + STALL) {
                System.out.printf("%s: no tick for %d ms (this JVM or its threads stalled)%n", Thread.currentThread().getName(),
                        (now - last) / 1_000_000);
                synchronized (stalls) {
                    stalls.addLast(new long[] {last, now});
                    while (now - stalls.peekFirst()[1] > KEEP) {
                        stalls.pollFirst();
                    }
                }
            }
            lastTick = now;
        }
    }

    /** The earliest time a call read at {@code readAt} (System.nanoTime) may have reached this JVM. */
    long earliestArrival(long readAt) {
        long earliest = readAt;
        long last = lastTick;
        if (readAt - last > TICK + STALL) {
            earliest = last; // a stall not over for the ticker yet: it has not woken since
        }
        synchronized (stalls) {
            for (long[] stall : stalls) {
                if (stall[0] < readAt && readAt <= stall[1] + RESUME) {
                    earliest = Math.min(earliest, stall[0]);
                }
            }
        }
        return earliest;
    }

    /** Stalls seen so far (kept for two minutes): for a refusal's message. */
    int recentStalls() {
        synchronized (stalls) {
            return stalls.size();
        }
    }

    @Override
    public void close() {
        ticker.interrupt();
    }
}
