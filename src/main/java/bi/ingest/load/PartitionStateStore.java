package bi.ingest.load;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link PartitionState} in the service's database (table {@code load_partition_state}). */
public class PartitionStateStore {

    private final JdbcTemplate jdbc;

    public PartitionStateStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public PartitionState get(String flow, TopicPartition tp) {
        List<PartitionState> found = jdbc.query(
                "SELECT loaded_through, plan_first, plan_last FROM load_partition_state WHERE flow = ? AND topic = ? AND kafka_partition = ?",
                (rs, i) -> {
                    long first = rs.getLong(2);
                    boolean hasPlan = !rs.wasNull();
                    long last = rs.getLong(3);
                    return new PartitionState(rs.getLong(1), hasPlan ? new OffsetPlan(first, last) : null);
                },
                flow, tp.topic(), tp.partition());
        return found.isEmpty() ? PartitionState.NEW : found.get(0);
    }

    public void recordPlan(String flow, TopicPartition tp, OffsetPlan plan) {
        int updated = jdbc.update("UPDATE load_partition_state SET plan_first = ?, plan_last = ?, updated_at = ? "
                + "WHERE flow = ? AND topic = ? AND kafka_partition = ?",
                plan.first(), plan.last(), now(), flow, tp.topic(), tp.partition());
        if (updated == 0) {
            jdbc.update("INSERT INTO load_partition_state (flow, topic, kafka_partition, loaded_through, plan_first, plan_last, updated_at) "
                    + "VALUES (?, ?, ?, -1, ?, ?, ?)", flow, tp.topic(), tp.partition(), plan.first(), plan.last(), now());
        }
    }

    public void markLoaded(String flow, TopicPartition tp, long lastOffset) {
        int updated = jdbc.update("UPDATE load_partition_state SET loaded_through = ?, plan_first = NULL, plan_last = NULL, updated_at = ? "
                + "WHERE flow = ? AND topic = ? AND kafka_partition = ? AND loaded_through < ?",
                lastOffset, now(), flow, tp.topic(), tp.partition(), lastOffset);
        if (updated == 0 && get(flow, tp) == PartitionState.NEW) {
            jdbc.update("INSERT INTO load_partition_state (flow, topic, kafka_partition, loaded_through, updated_at) VALUES (?, ?, ?, ?, ?)",
                    flow, tp.topic(), tp.partition(), lastOffset, now());
        }
    }

    /** Forgets one partition, e.g. when its topic was re-created and offsets start again at 0. */
    public void forget(String flow, TopicPartition tp) {
        jdbc.update("DELETE FROM load_partition_state WHERE flow = ? AND topic = ? AND kafka_partition = ?",
                flow, tp.topic(), tp.partition());
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }
}
