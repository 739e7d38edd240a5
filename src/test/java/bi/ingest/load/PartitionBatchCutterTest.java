package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualSyncCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** How a camel-kafka batch becomes partition batches, including after a crash (plan) and a group reset (watermark). */
class PartitionBatchCutterTest {

    private static final String TOPIC = "erp.jushuitan.orders";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final CamelContext camel = new DefaultCamelContext();
    // only carried through to the batches: the cutter never calls it
    private final MockConsumer<Object, Object> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private PartitionStateStore states;
    private PartitionBatchCutter cutter;

    @BeforeEach
    void store() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:cut-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).load().migrate();
        states = new PartitionStateStore(new JdbcTemplate(ds));
        cutter = new PartitionBatchCutter(states);
    }

    @Test
    void eachPartitionOfAPollBecomesOneBatch() {
        List<PartitionBatch> batches = cutter.cut(poll(records(P0, 0, 4), records(P1, 10, 12)), "f");
        assertThat(batches).extracting(PartitionBatch::partition, PartitionBatch::firstOffset, PartitionBatch::lastOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(P0, 0L, 4L), org.assertj.core.groups.Tuple.tuple(P1, 10L, 12L));
        assertThat(batches).noneMatch(PartitionBatch::planned);
    }

    @Test
    void aReplayAfterACrashCutsTheInterruptedBatchExactlyEvenWhenThePollsAreShapedDifferently() {
        states.recordPlan("f", P0, new OffsetPlan(0, 6)); // a batch 0..6 was being loaded when the service died

        assertThat(cutter.cut(poll(records(P0, 0, 3)), "f")).isEmpty(); // the poll ends inside the plan: wait
        List<PartitionBatch> batches = cutter.cut(poll(records(P0, 4, 9)), "f");

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).planned()).isTrue();
        assertThat(batches.get(0).records()).extracting(ConsumedRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(batches.get(1).planned()).isFalse();
        assertThat(batches.get(1).records()).extracting(ConsumedRecord::offset).containsExactly(7L, 8L, 9L);
    }

    @Test
    void heldRecordsAreDroppedWhenTheConsumerRewinds() {
        states.recordPlan("f", P0, new OffsetPlan(0, 6));
        cutter.cut(poll(records(P0, 0, 3)), "f");
        List<PartitionBatch> batches = cutter.cut(poll(records(P0, 0, 8)), "f"); // re-delivered from the committed offset
        assertThat(batches.get(0).records()).extracting(ConsumedRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(batches.get(1).records()).extracting(ConsumedRecord::offset).containsExactly(7L, 8L);
    }

    @Test
    void aReCreatedTopicIsLoadedAgainInsteadOfSkipped() {
        states.markLoaded("f", P0, 500);
        consumer.updateEndOffsets(java.util.Map.of(P0, 8L)); // the log now ends far below what was loaded
        List<PartitionBatch> batches = cutter.cut(poll(records(P0, 0, 7)), "f");
        assertThat(batches).singleElement().satisfies(b -> assertThat(b.records()).hasSize(8));
        assertThat(states.get("f", P0)).isEqualTo(PartitionState.NEW);
    }

    @Test
    void recordsLoadedBeforeAreSkippedAndOnlyCommitted() {
        states.markLoaded("f", P0, 5);
        consumer.updateEndOffsets(java.util.Map.of(P0, 100L));
        List<PartitionBatch> batches = cutter.cut(poll(records(P0, 0, 7)), "f");
        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.records()).extracting(ConsumedRecord::offset).containsExactly(6L, 7L);
            assertThat(b.commitThrough()).isEqualTo(7);
        });
        List<PartitionBatch> replayOnly = cutter.cut(poll(records(P0, 0, 3)), "f");
        assertThat(replayOnly).singleElement().satisfies(b -> {
            assertThat(b.isEmpty()).isTrue();
            assertThat(b.commitThrough()).isEqualTo(3);
        });
    }

    @SafeVarargs
    private List<Exchange> poll(List<Exchange>... parts) {
        List<Exchange> all = new ArrayList<>();
        for (List<Exchange> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    private List<Exchange> records(TopicPartition tp, long from, long to) {
        List<Exchange> out = new ArrayList<>();
        for (long offset = from; offset <= to; offset++) {
            Exchange e = new DefaultExchange(camel);
            e.getMessage().setHeader(KafkaConstants.TOPIC, tp.topic());
            e.getMessage().setHeader(KafkaConstants.PARTITION, tp.partition());
            e.getMessage().setHeader(KafkaConstants.OFFSET, offset);
            e.getMessage().setHeader(KafkaConstants.KEY, "k" + offset);
            e.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, new DefaultKafkaManualSyncCommit(
                    new KafkaManualCommitFactory.CamelExchangePayload(e, consumer, "t", null),
                    new KafkaManualCommitFactory.KafkaRecordPayload(tp, offset, 1000), null));
            e.getMessage().setBody(("{\"o\":" + offset + "}").getBytes());
            out.add(e);
        }
        return out;
    }
}
