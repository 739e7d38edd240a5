package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.TestSandboxes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A load route's Kafka consumer, as {@link BatchBoundedKafkaClientFactory} makes it, against the real broker: once the
 * batch on its thread is full of bytes it reads nothing more until the batch is cut.
 */
class BatchBoundedKafkaClientFactoryTest {

    private static final KafkaSandbox KAFKA = TestSandboxes.kafka();
    private static final int RECORD_BYTES = 300_000;
    private static final int BATCH_BYTES = 1_000_000; // three records

    private String topic;
    private TopicPartition partition;

    @BeforeEach
    void topic() {
        topic = "bounded" + Long.toHexString(System.nanoTime());
        partition = new TopicPartition(topic, 0);
        KAFKA.createTopic(topic, 1);
        BatchBytesDeserializer.startNextBatch(); // this test's thread is the consumer thread
    }

    @Test
    void aFullBatchPollsNothingMoreUntilItIsCutAndThenReadsOnFromWhereItWasRewound() {
        send(8);
        try (Consumer<String, Object> consumer = consumer()) {
            List<ConsumerRecord<String, Object>> polled = pollUntilDeferred(consumer);
            assertThat(polled.stream().filter(r -> r.value() instanceof byte[])).as("taken").hasSize(3);
            assertThat(consumer.position(partition)).isEqualTo(polled.size());

            send(4);
            assertThat(consumer.poll(Duration.ofMillis(300))).as("a poll of the full batch: placeholders only")
                    .allSatisfy(r -> assertThat(r.value()).isSameAs(BatchBytesDeserializer.DEFERRED));
            assertThat(consumer.poll(Duration.ofMillis(300))).as("the next: nothing").isEmpty();
            assertThat(consumer.position(partition)).as("nothing more was read").isEqualTo(polled.size());

            // the batch is cut: the partition is rewound to its first deferred record (PartitionBatchCutter)
            BatchBytesDeserializer.startNextBatch();
            consumer.seek(partition, 3);
            List<ConsumerRecord<String, Object>> next = pollUntilDeferred(consumer);
            assertThat(next.get(0).offset()).isEqualTo(3);
            assertThat(next.stream().filter(r -> r.value() instanceof byte[])).as("taken").hasSize(3);
        }
    }

    @Test
    void aFullBatchIsCompletedAtOnceWithCopiesOfItsFirstDeferredRecordUpToMaxPollRecords() {
        send(8);
        Properties props = properties();
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        try (Consumer<String, Object> consumer = consumer(props)) {
            List<ConsumerRecord<String, Object>> polled = pollUntilDeferred(consumer);
            long firstDeferred = polled.stream().filter(r -> r.value() == BatchBytesDeserializer.DEFERRED).findFirst()
                    .orElseThrow().offset();

            long started = System.nanoTime();
            List<ConsumerRecord<String, Object>> placeholders = new ArrayList<>();
            consumer.poll(Duration.ofSeconds(30)).forEach(placeholders::add);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait").isLessThan(Duration.ofSeconds(10));
            assertThat(placeholders).as("what the batch lacks of max.poll.records").hasSize(20 - polled.size())
                    .allSatisfy(r -> {
                        assertThat(r.value()).isSameAs(BatchBytesDeserializer.DEFERRED);
                        assertThat(new TopicPartition(r.topic(), r.partition())).isEqualTo(partition);
                        assertThat(r.offset()).isEqualTo(firstDeferred);
                    });
            assertThat(consumer.position(partition)).as("nothing more was read").isEqualTo(polled.size());

            // dispatched with all it held: the next batch starts from nothing and reads again where it was rewound
            BatchBytesDeserializer.startNextBatch(polled.size() + placeholders.size());
            consumer.seek(partition, firstDeferred);
            List<ConsumerRecord<String, Object>> next = pollUntilDeferred(consumer);
            assertThat(next.get(0).offset()).isEqualTo(firstDeferred);
            List<ConsumerRecord<String, Object>> more = new ArrayList<>();
            consumer.poll(Duration.ofSeconds(30)).forEach(more::add);
            assertThat(more).hasSize(20 - next.size());
        }
    }

    @Test
    void aWakeupEndsTheWaitOfAFullBatchAsItEndsAPoll() {
        send(4);
        try (Consumer<String, Object> consumer = consumer()) {
            pollUntilDeferred(consumer);
            assertThat(consumer.poll(Duration.ofMillis(1))).as("placeholders, at once").isNotEmpty();
            Thread polling = Thread.currentThread();
            CompletableFuture<Void> wakeup = CompletableFuture.runAsync(() -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> polling.getState() == Thread.State.TIMED_WAITING);
                consumer.wakeup();
            });
            long started = System.nanoTime();
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(60))).isInstanceOf(WakeupException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            wakeup.join();
        }
    }

    @Test
    void aWakeupAskedForBeforeAFullBatchsPollEndsThatPollRatherThanTheNext() {
        send(4);
        try (Consumer<String, Object> consumer = consumer()) {
            pollUntilDeferred(consumer);
            consumer.wakeup();
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(60))).isInstanceOf(WakeupException.class);
            assertThat(consumer.poll(Duration.ofMillis(1))).as("the placeholders, once the wakeup was served").isNotEmpty();
        }
    }

    @Test
    void consumersOfOtherDeserializersAreKafkasOwn() {
        Properties props = properties();
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (Consumer<?, ?> consumer = new BatchBoundedKafkaClientFactory().getConsumer(props)) {
            assertThat(consumer).isInstanceOf(org.apache.kafka.clients.consumer.KafkaConsumer.class);
        }
    }

    private void send(int records) {
        Random random = new Random(records);
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[RECORD_BYTES];
            random.nextBytes(value); // incompressible: the broker's batches stay as large as the records
            KAFKA.send(new ProducerRecord<>(topic, 0, "k" + i, value));
        }
        KAFKA.flush();
    }

    private Consumer<String, Object> consumer() {
        return consumer(properties());
    }

    @SuppressWarnings("unchecked")
    private Consumer<String, Object> consumer(Properties props) {
        Consumer<String, Object> consumer = new BatchBoundedKafkaClientFactory().getConsumer(props);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, BatchBytesDeserializer.class.getName());
        p.put(BatchBytesDeserializer.MAX_BATCH_BYTES, String.valueOf(BATCH_BYTES));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    /** Polls until a record was deferred: the batch is full (a fetch may bring part of what was sent). */
    private static List<ConsumerRecord<String, Object>> pollUntilDeferred(Consumer<String, Object> consumer) {
        List<ConsumerRecord<String, Object>> polled = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(() -> { // the batch's bytes are counted per thread
            consumer.poll(Duration.ofMillis(100)).forEach(polled::add);
            return polled.stream().anyMatch(r -> r.value() == BatchBytesDeserializer.DEFERRED);
        });
        return polled;
    }
}
