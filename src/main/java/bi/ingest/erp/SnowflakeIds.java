package bi.ingest.erp;

import java.time.Clock;
import java.time.Instant;

/**
 * Event ids assigned once where a record enters bi-ingest. Camel generates only UUID strings, and event_id is a
 * StarRocks BIGINT, so a Snowflake id: 41 bits of milliseconds since 2024-01-01, 10 bits of worker, 12 of sequence.
 */
public final class SnowflakeIds {

    private static final long EPOCH = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private final long worker;
    private final Clock clock;
    private long lastMillis = -1;
    private long sequence;

    public SnowflakeIds(int worker, Clock clock) {
        if (worker < 0 || worker > 1023) {
            throw new IllegalArgumentException("bi.ingest.worker-id must be 0..1023, got " + worker);
        }
        this.worker = worker;
        this.clock = clock;
    }

    public synchronized long next() {
        long now = Math.max(clock.millis(), lastMillis); // never backwards, even if the clock is set back
        if (now == lastMillis) {
            sequence = (sequence + 1) & 0xFFF;
            if (sequence == 0) {
                now = lastMillis + 1; // 4096 ids in one millisecond: borrow the next one
            }
        } else {
            sequence = 0;
        }
        lastMillis = now;
        return ((now - EPOCH) << 22) | (worker << 12) | sequence;
    }
}
