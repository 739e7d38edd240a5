package bi.ingest.load;

/**
 * What the load path knows about one partition of one flow.
 *
 * @param loadedThrough last offset whose rows are loaded (or dead-lettered); -1 when none
 * @param plan          the batch being loaded when the service stopped, or null
 */
public record PartitionState(long loadedThrough, OffsetPlan plan) {

    public static final PartitionState NEW = new PartitionState(-1, null);
}
