package bi.ingest.load;

/**
 * The offset range of the batch being loaded, recorded before its first load. After a crash the consumer starts
 * again at {@code first} and must cut exactly {@code first..last} again, so the Stream Load labels, and with them
 * StarRocks' deduplication, match the interrupted attempt.
 */
public record OffsetPlan(long first, long last) {
}
