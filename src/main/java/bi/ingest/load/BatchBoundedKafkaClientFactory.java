package bi.ingest.load;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * camel-kafka's clients, except that a load route's consumer reads nothing more once the batch it is gathering is
 * full of bytes ({@link BatchBytesDeserializer}): its polls wait and come back empty until the batch is cut.
 *
 * <p>camel-kafka's batching consumer dispatches a batch at {@code max-batch-records} records, at
 * {@code batching-interval-ms}, or at an empty poll once {@code poll-timeout-ms} passed since the batch began. A batch
 * of large records is full of bytes long before it has that many records; its consumer then went on fetching (and
 * decompressing) records only to defer them, until the interval: a backlog of large records loaded one batch a
 * second and was read many times over. Now its next poll hands camel-kafka placeholders up to
 * {@code max-batch-records} ({@link BatchBytesDeserializer#placeholdersToFill}), and the batch leaves at once.
 */
public class BatchBoundedKafkaClientFactory extends DefaultKafkaClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(BatchBoundedKafkaClientFactory.class);

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Consumer getConsumer(Properties props) {
        Consumer consumer = super.getConsumer(props);
        Object values = props.get(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        boolean batchBounded = values != null && (values.equals(BatchBytesDeserializer.class)
                || values.toString().equals(BatchBytesDeserializer.class.getName()));
        if (batchBounded) {
            LOG.debug("consumer of group {}: reads nothing more while its batch is full", props.get(ConsumerConfig.GROUP_ID_CONFIG));
        }
        // a proxy rather than a delegating class: of a Consumer's fifty-odd methods only poll and wakeup change
        if (!batchBounded) {
            return consumer;
        }
        BatchBytesDeserializer.startNextBatch(); // a new consumer on this thread: its batch starts empty
        Object maxPollRecords = props.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        return (Consumer) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                new WaitWhileBatchFull(consumer, maxPollRecords == null
                        ? ConsumerConfig.DEFAULT_MAX_POLL_RECORDS : Integer.parseInt(maxPollRecords.toString().trim())));
    }

    /**
     * Calls the consumer, except a poll while the batch is full: that reads nothing (no pause and resume of
     * partitions, which camel-kafka uses to suspend a route; Kafka's own thread keeps the group's heartbeat). It
     * hands over the placeholders that complete the batch, or, if they did not, waits out its time. A {@code wakeup}
     * ends the wait, and the consumer's poll then throws as the caller asked.
     */
    static final class WaitWhileBatchFull implements InvocationHandler {
        private final Consumer<?, ?> consumer;
        private final int maxPollRecords;
        private volatile Thread waiting;
        private volatile boolean wokenUp;

        WaitWhileBatchFull(Consumer<?, ?> consumer, int maxPollRecords) {
            this.consumer = consumer;
            this.maxPollRecords = maxPollRecords;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("poll") && args != null && args.length == 1 && args[0] instanceof Duration timeout) {
                long wait = BatchBytesDeserializer.fullBatchWaitNanos(timeout);
                ConsumerRecords<?, ?> polled;
                if (wait >= 0) {
                    // a wakeup (or interrupt) asked for first ends this poll, as it ends a wait, rather than the next one
                    polled = wokenUp || Thread.currentThread().isInterrupted() ? null
                            : BatchBytesDeserializer.placeholdersToFill(maxPollRecords);
                    if (polled == null) {
                        polled = waitOut(wait);
                    }
                } else {
                    wokenUp = false; // a wakeup from now on reaches the consumer's own poll
                    polled = (ConsumerRecords<?, ?>) call(method, args);
                }
                BatchBytesDeserializer.polled(polled);
                return polled;
            } else if (method.getName().equals("equals") && args != null && args.length == 1) {
                return proxy == args[0]; // not the consumer's equals, which does not know its proxy
            } else if (method.getName().equals("wakeup")) {
                consumer.wakeup(); // first: the woken wait's poll must find it, or it returns instead of throwing
                wokenUp = true;
                LockSupport.unpark(waiting);
                return null;
            }
            return call(method, args);
        }

        private Object call(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(consumer, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private ConsumerRecords<?, ?> waitOut(long nanos) {
            long deadline = System.nanoTime() + nanos;
            waiting = Thread.currentThread();
            try {
                long left;
                while (!wokenUp && !Thread.currentThread().isInterrupted() && (left = deadline - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(this, left);
                }
            } finally {
                waiting = null;
            }
            if (wokenUp || Thread.currentThread().isInterrupted()) {
                wokenUp = false;
                // throws the WakeupException (InterruptException) asked for; returns what it read (deferred records,
                // rewound with the batch) if a poll of the consumer's own had already thrown for that wakeup
                return consumer.poll(Duration.ZERO);
            }
            return ConsumerRecords.empty();
        }
    }
}
