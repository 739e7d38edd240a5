package bi.ingest.streamload;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The byte chunks Stream Load bodies are written into, reused across batches: a batch writes a few bytes per row
 * times tens of thousands of rows, and allocating that afresh for every batch kept the young generation busy
 * copying half-written bodies. Idle chunks are kept up to a sixteenth of the heap (at most 64 MB); beyond that a
 * released chunk is left to the garbage collector, so the pool never holds memory the heap needs.
 */
public final class BodyChunks {

    /**
     * Chunk size: one G1 region of a heap up to 2 GB (1 MB) less the array's header. At that size G1 allocates a chunk
     * outside the young generation and frees it at the next young collection once unused: a batch's bodies live
     * through several young collections, and as 128 KB chunks they were copied at each (measured: 3.7–4.6 s of pauses
     * per million orders at -Xmx512m against 4.4–4.9 s).
     */
    public static final int SIZE = 1024 * 1024 - 16;

    private static final ArrayBlockingQueue<byte[]> IDLE = new ArrayBlockingQueue<>(
            (int) Math.max(1, Math.min(64L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16) / SIZE));

    private BodyChunks() {
    }

    /** A chunk of {@link #SIZE} bytes, reused when one is idle; or a fresh array of {@code atLeast} when larger. */
    public static byte[] take(int atLeast) {
        if (atLeast > SIZE) {
            return new byte[atLeast]; // one value larger than a chunk (a big raw record): not pooled
        }
        byte[] chunk = IDLE.poll();
        return chunk != null ? chunk : new byte[SIZE];
    }

    /** Gives a chunk back for reuse; its content is overwritten by the next body. */
    public static void release(byte[] chunk) {
        if (chunk.length == SIZE) {
            IDLE.offer(chunk);
        }
    }

    /** Chunks idle now (for tests and metrics). */
    public static int idle() {
        return IDLE.size();
    }
}
