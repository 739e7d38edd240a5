package bi.ingest.load;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the load path batches, names its loads and sets bad records aside. */
@ConfigurationProperties("bi.load")
public class LoadPathProperties {

    /** Label prefix; keep it unique per bi-ingest deployment that loads into the same database. */
    private String labelPrefix = "bi";
    /** Records larger than this go to the dead-letter topic instead of StarRocks. */
    private int maxRecordBytes = 1024 * 1024;
    /** Dead-letter topic = source topic + this suffix. */
    private String deadLetterSuffix = ".dlq";
    /** Quartz cron of refreshing the consumer-lag metric (read by the route {@code load-consumer-lag}). */
    private String lagSchedule = "0/15 * * * * ?";
    /** A load route with lag that has committed nothing for this long is reported DOWN (health loadProgress). */
    private java.time.Duration stuckAfter = java.time.Duration.ofMinutes(5);
    /** Kafka consumer of the load routes (read by the routes through placeholders). */
    private final Consumer consumer = new Consumer();
    /** The dead-letter producer. */
    private final DeadLetter deadLetter = new DeadLetter();

    public static class Consumer {
        /** Consumer group prefix: each load route is group {@code <prefix>.<flow>}; offsets are committed after a batch is loaded. */
        private String groupId = "bi-ingest-load";
        /** At most this many records per batch. */
        private int maxBatchRecords = 10000;
        /** ... and at most about this many bytes of record values (a batch's first record is always taken). */
        private long maxBatchBytes = 16L * 1024 * 1024;
        /** The most one fetch from the broker returns (Kafka's fetch.max.bytes). */
        private int fetchMaxBytes = 16 * 1024 * 1024;
        /** A partial batch is dispatched after this long without new records. */
        private long pollTimeoutMs = 500;
        /** ... or this long after the previous batch. */
        private long batchingIntervalMs = 1000;
        /** Consumer threads per load route. */
        private int consumersCount = 1;
        /** Per-partition fetch size; must exceed the largest record. */
        private int maxPartitionFetchBytes = 8 * 1024 * 1024;
        /** Threads per load route that normalize a batch's partitions, one partition each at a time. */
        private int normalizeThreads = 2;

        public String getGroupId() { return groupId; }
        public void setGroupId(String groupId) { this.groupId = groupId; }
        public int getMaxBatchRecords() { return maxBatchRecords; }
        public void setMaxBatchRecords(int v) { this.maxBatchRecords = v; }
        public long getMaxBatchBytes() { return maxBatchBytes; }
        public void setMaxBatchBytes(long v) { this.maxBatchBytes = v; }
        public int getFetchMaxBytes() { return fetchMaxBytes; }
        public void setFetchMaxBytes(int v) { this.fetchMaxBytes = v; }
        public long getPollTimeoutMs() { return pollTimeoutMs; }
        public void setPollTimeoutMs(long v) { this.pollTimeoutMs = v; }
        public long getBatchingIntervalMs() { return batchingIntervalMs; }
        public void setBatchingIntervalMs(long v) { this.batchingIntervalMs = v; }
        public int getConsumersCount() { return consumersCount; }
        public void setConsumersCount(int v) { this.consumersCount = v; }
        public int getMaxPartitionFetchBytes() { return maxPartitionFetchBytes; }
        public void setMaxPartitionFetchBytes(int v) { this.maxPartitionFetchBytes = v; }
        public int getNormalizeThreads() { return normalizeThreads; }
        public void setNormalizeThreads(int v) { this.normalizeThreads = v; }
    }

    public static class DeadLetter {
        /** The dead-letter producer must accept the largest record it parks. */
        private int maxRequestSize = 16 * 1024 * 1024;

        public int getMaxRequestSize() { return maxRequestSize; }
        public void setMaxRequestSize(int v) { this.maxRequestSize = v; }
    }

    public Consumer getConsumer() { return consumer; }
    public String getLagSchedule() { return lagSchedule; }
    public void setLagSchedule(String lagSchedule) { this.lagSchedule = lagSchedule; }
    public DeadLetter getDeadLetter() { return deadLetter; }
    public java.time.Duration getStuckAfter() { return stuckAfter; }
    public void setStuckAfter(java.time.Duration stuckAfter) { this.stuckAfter = stuckAfter; }

    public String getLabelPrefix() { return labelPrefix; }
    public void setLabelPrefix(String labelPrefix) { this.labelPrefix = labelPrefix; }
    public int getMaxRecordBytes() { return maxRecordBytes; }
    public void setMaxRecordBytes(int maxRecordBytes) { this.maxRecordBytes = maxRecordBytes; }
    public String getDeadLetterSuffix() { return deadLetterSuffix; }
    public void setDeadLetterSuffix(String deadLetterSuffix) { this.deadLetterSuffix = deadLetterSuffix; }
}
