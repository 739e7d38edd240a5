package bi.ingest.erp.jushuitan;

import java.time.Duration;

/**
 * At most N calls in any window of length P, for several (N, P) at once (5 per second and 100 per minute).
 * Written by hand because Resilience4j's RateLimiter counts fixed cycles: N calls at the end of one cycle and N at
 * the start of the next are 2N within one second, which the ERP's limit refuses.
 */
final class SlidingWindowLimiter {

    private final long[][] rings; // per window: the reserved times of its last N calls, oldest at next[w]
    private final long[] lengths;
    private final int[] next;
    private long last;
    private final java.util.concurrent.atomic.AtomicInteger foregroundWaiting = new java.util.concurrent.atomic.AtomicInteger();

    SlidingWindowLimiter(int[] permits, Duration[] windows, Duration margin) {
        rings = new long[permits.length][];
        lengths = new long[permits.length];
        next = new int[permits.length];
        for (int w = 0; w < permits.length; w++) {
            rings[w] = new long[permits[w]];
            java.util.Arrays.fill(rings[w], Long.MIN_VALUE / 2);
            lengths[w] = windows[w].plus(margin).toNanos();
        }
    }

    /** Blocks until a call may go; returns how long it waited, in nanoseconds. */
    long acquire() throws InterruptedException {
        foregroundWaiting.incrementAndGet();
        try {
            return sleepUntilSlot();
        } finally {
            foregroundWaiting.decrementAndGet();
        }
    }

    /** Like {@link #acquire()} for background calls (backfills): every foreground call waiting goes first. */
    long acquireWhenIdle() throws InterruptedException {
        long started = System.nanoTime();
        while (foregroundWaiting.get() > 0) {
            Thread.sleep(20);
        }
        sleepUntilSlot();
        return System.nanoTime() - started;
    }

    private long sleepUntilSlot() throws InterruptedException {
        long now = System.nanoTime();
        long wait = reserve(now) - now;
        if (wait > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
        }
        return Math.max(0, wait);
    }

    /** The earliest time at or after {@code now} that keeps every window within its limit; booked for the caller. */
    synchronized long reserve(long now) {
        long at = Math.max(now, last);
        for (int w = 0; w < rings.length; w++) {
            at = Math.max(at, rings[w][next[w]] + lengths[w]);
        }
        for (int w = 0; w < rings.length; w++) {
            rings[w][next[w]] = at;
            next[w] = (next[w] + 1) % rings[w].length;
        }
        last = at;
        return at;
    }
}
