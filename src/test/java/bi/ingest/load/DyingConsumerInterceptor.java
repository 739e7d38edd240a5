package bi.ingest.load;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Test-only Kafka interceptor (set with {@code camel.component.kafka.interceptor-classes}, which Camel gives producers
 * and consumers alike, hence both interfaces): the first poll that returns a record with header {@link #DIE} throws an
 * Error out of {@code poll}, as an OutOfMemoryError while fetching would, which ends the consumer's polling loop.
 */
public class DyingConsumerInterceptor implements ConsumerInterceptor<Object, Object>, ProducerInterceptor<Object, Object> {

    public static final String DIE = "bi-test-die";
    private static final AtomicBoolean DIED = new AtomicBoolean();

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        for (var r : records) {
            if (r.headers().lastHeader(DIE) != null && DIED.compareAndSet(false, true)) {
                throw new Error("injected by DyingConsumerInterceptor: the consumer thread dies");
            }
        }
        return records;
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
