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
    void theRecordExchangesLetGoOfTheirRecordsOnceCutButTheFirstKeepsWhereTheBatchBegan() {
        List<Exchange> poll = poll(records(P0, 0, 4), records(P1, 10, 12));

        List<PartitionBatch> batches = cutter.cut(poll, "f");

        // camel-kafka holds these until the batch is done; the batches have what the load needs
        assertThat(batches).flatExtracting(PartitionBatch::records).extracting(ConsumedRecord::value).doesNotContainNull();
        assertThat(poll).allSatisfy(e -> assertThat(e.getMessage().getBody()).isNull());
        assertThat(poll.subList(1, poll.size())).allSatisfy(e -> assertThat(e.getMessage().getHeaders()).isEmpty());
        // what camel-kafka reads when the batch fails (breakOnFirstError), to poll it again
        assertThat(poll.get(0).getMessage().getHeader(KafkaConstants.TOPIC)).isEqualTo(TOPIC);
        assertThat(poll.get(0).getMessage().getHeader(KafkaConstants.PARTITION)).isEqualTo(0);
        assertThat(poll.get(0).getMessage().getHeader(KafkaConstants.OFFSET)).isEqualTo(0L);
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

    @Test
    void aPartitionStopsAtItsFirstDeferredRecordAndIsReadAgainFromIt() {
        consumer.assign(List.of(P0, P1));
        List<Exchange> p0 = records(P0, 0, 5);
        deferFrom(p0, 3); // the batch byte limit was reached at offset 3 of P0; 4 and 5 came in a later poll
        p0.get(5).getMessage().setBody("{}".getBytes());
        List<Exchange> p1 = records(P1, 10, 11);
        deferFrom(p1, 0);

        List<PartitionBatch> batches = cutter.cut(poll(p0, p1), "f");

        assertThat(batches).singleElement().satisfies(b -> {
            assertThat(b.partition()).isEqualTo(P0);
            assertThat(b.records()).extracting(ConsumedRecord::offset).containsExactly(0L, 1L, 2L);
            assertThat(b.commitThrough()).isEqualTo(2);
        });
        assertThat(consumer.position(P0)).isEqualTo(3);
        assertThat(consumer.position(P1)).isEqualTo(10);
    }

    @Test
    void recordsDeferredBeforeTheRewindDoNotHideTheSameOffsetsReadAgain() {
        consumer.assign(List.of(P0));
        consumer.seek(P0, 201);
        List<Exchange> stale = records(P0, 160, 185); // polled before the previous batch rewound P0 to 128
        deferFrom(stale, 0);
        List<PartitionBatch> batches = cutter.cut(poll(stale, records(P0, 128, 200)), "f");
        assertThat(batches).singleElement().satisfies(b ->
                assertThat(b.records()).extracting(ConsumedRecord::offset).containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(128, 200).boxed().toList()));
        assertThat(consumer.position(P0)).as("no rewind").isEqualTo(201);
    }

    @Test
    void afterARewindRecordsPolledBeforeItAreSkippedUntilThePartitionIsReadAgainFromTheRewindPoint() {
        consumer.assign(List.of(P0));
        List<Exchange> first = records(P0, 0, 5);
        deferFrom(first, 3);
        assertThat(cutter.cut(first, "f")).singleElement().satisfies(b -> assertThat(b.lastOffset()).isEqualTo(2));
        assertThat(consumer.position(P0)).isEqualTo(3);
        consumer.seek(P0, 13); // the consumer read 3..12 again meanwhile

        List<Exchange> stale = records(P0, 6, 9); // polled before the rewind, added to the next batch by Camel
        deferFrom(stale, 0);
        assertThat(cutter.cut(stale, "f")).isEmpty();
        assertThat(consumer.position(P0)).as("not moved by the stale records").isEqualTo(13);

        assertThat(cutter.cut(records(P0, 3, 12), "f")).singleElement().satisfies(b ->
                assertThat(b.records()).extracting(ConsumedRecord::offset).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L));
    }

    @Test
    void aRewindHoldsForTheNextBatchOnlySoAPartitionThatCameBackAfterARebalanceIsNotSkipped() {
        consumer.assign(List.of(P0, P1));
        List<Exchange> first = records(P0, 0, 5);
        deferFrom(first, 3);
        cutter.cut(first, "f"); // P0 rewound to 3
        cutter.cut(records(P1, 0, 1), "f"); // the next batch: P0 moved to another consumer meanwhile
        // P0 is back, loaded up to 500 by the other consumer
        assertThat(cutter.cut(records(P0, 501, 503), "f")).singleElement().satisfies(b ->
                assertThat(b.records()).extracting(ConsumedRecord::offset).containsExactly(501L, 502L, 503L));
    }

    @Test
    void placeholdersThatCompleteAFullBatchAreCutAsTheDeferredRecordTheyCopy() {
        consumer.assign(List.of(P0, P1));
        List<Exchange> p0 = records(P0, 0, 5);
        deferFrom(p0, 3);
        List<Exchange> p1 = records(P1, 10, 11);
        List<Exchange> placeholders = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // BatchBytesDeserializer.placeholdersToFill: copies of P0's first deferred record
            placeholders.addAll(records(P0, 3, 3));
        }
        deferFrom(placeholders, 0);

        List<PartitionBatch> batches = cutter.cut(poll(p0, p1, placeholders), "f");

        assertThat(batches).extracting(PartitionBatch::partition).containsExactly(P0, P1);
        assertThat(batches.get(0).records()).extracting(ConsumedRecord::offset).containsExactly(0L, 1L, 2L);
        assertThat(batches.get(1).records()).extracting(ConsumedRecord::offset).containsExactly(10L, 11L);
        assertThat(consumer.position(P0)).as("read again from the deferred record").isEqualTo(3);
    }

    @Test
    void theByteLimitDefersWhatFollowsTheRecordThatCrossesIt() {
        BatchBytesDeserializer bytes = new BatchBytesDeserializer();
        bytes.configure(java.util.Map.of(BatchBytesDeserializer.MAX_BATCH_BYTES, "100"), false);
        BatchBytesDeserializer.startNextBatch();
        assertThat(bytes.deserialize(TOPIC, new byte[150])).isInstanceOf(byte[].class); // a batch's first record always
        assertThat(bytes.deserialize(TOPIC, new byte[1])).isSameAs(BatchBytesDeserializer.DEFERRED);
        BatchBytesDeserializer.startNextBatch();
        assertThat(bytes.deserialize(TOPIC, new byte[60])).isInstanceOf(byte[].class);
        assertThat(bytes.deserialize(TOPIC, new byte[60])).isSameAs(BatchBytesDeserializer.DEFERRED);
        assertThat(bytes.deserialize(TOPIC, new byte[1])).as("later records wait too, to keep ranges contiguous")
                .isSameAs(BatchBytesDeserializer.DEFERRED);
        BatchBytesDeserializer.startNextBatch();
    }

    private static void deferFrom(List<Exchange> records, int index) {
        records.subList(index, records.size()).forEach(e -> e.getMessage().setBody(BatchBytesDeserializer.DEFERRED));
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
