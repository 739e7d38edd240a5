package bi.ingest.load;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.kafka.KafkaFetchRecords;
import org.apache.camel.support.DefaultThreadPoolFactory;
import org.apache.camel.util.concurrent.RejectableThreadPoolExecutor;

/**
 * Camel's thread pools, with one addition: a Kafka consumer's polling loop that ends by a throwable is reported to
 * {@link ConsumerDeaths}. Camel submits each loop to a pool and drops its Future, so an Error that ends it (an
 * OutOfMemoryError while polling, a StackOverflowError, ...) would leave the route "Started" with nobody polling and
 * no word in the log. Any other task that ends by a throwable is logged with its thread. Camel takes the one
 * {@code ThreadPoolFactory} bean of the registry for all its pools.
 */
public class WatchedThreadPoolFactory extends DefaultThreadPoolFactory {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WatchedThreadPoolFactory.class);

    private final ConsumerDeaths deaths;

    public WatchedThreadPoolFactory(ConsumerDeaths deaths) {
        this.deaths = deaths;
    }

    /** The pool {@link DefaultThreadPoolFactory} makes (same queue and rejection rules), with the loops watched. */
    @Override
    public ExecutorService newThreadPool(int corePoolSize, int maxPoolSize, long keepAliveTime, TimeUnit timeUnit,
                                         int maxQueueSize, boolean allowCoreThreadTimeOut,
                                         RejectedExecutionHandler rejectedExecutionHandler, ThreadFactory threadFactory) {
        if (corePoolSize < 0 || maxPoolSize < corePoolSize) {
            return super.newThreadPool(corePoolSize, maxPoolSize, keepAliveTime, timeUnit, maxQueueSize,
                    allowCoreThreadTimeOut, rejectedExecutionHandler, threadFactory); // Camel's own error message
        }
        BlockingQueue<Runnable> queue;
        if (corePoolSize == 0 && maxQueueSize <= 0) {
            queue = new SynchronousQueue<>();
            corePoolSize = 1;
            maxPoolSize = 1;
        } else if (maxQueueSize <= 0) {
            queue = new SynchronousQueue<>();
        } else {
            queue = new LinkedBlockingQueue<>(maxQueueSize);
        }
        ThreadPoolExecutor pool = new WatchedPool(corePoolSize, maxPoolSize, keepAliveTime, timeUnit, queue, deaths);
        pool.setThreadFactory(threadFactory);
        pool.allowCoreThreadTimeOut(allowCoreThreadTimeOut);
        pool.setRejectedExecutionHandler(rejectedExecutionHandler != null ? rejectedExecutionHandler
                : new ThreadPoolExecutor.CallerRunsPolicy());
        return pool;
    }

    private static final class WatchedPool extends RejectableThreadPoolExecutor {

        private final ConsumerDeaths deaths;

        WatchedPool(int core, int max, long keepAlive, TimeUnit unit, BlockingQueue<Runnable> queue, ConsumerDeaths deaths) {
            super(core, max, keepAlive, unit, queue);
            this.deaths = deaths;
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
            if (runnable instanceof KafkaFetchRecords loop) {
                return super.newTaskFor(() -> {
                    try {
                        loop.run();
                    } catch (Throwable t) {
                        deaths.died(Thread.currentThread(), t);
                        closeConsumer(loop);
                        throw t;
                    }
                }, value);
            }
            if (runnable instanceof org.apache.camel.util.concurrent.Rejectable) {
                return super.newTaskFor(runnable, value); // Camel rejects these itself when the pool is full
            }
            // any other task of Camel's pools (a seda consumer's loop, ...) that ends by an error is logged at least
            return super.newTaskFor(() -> {
                try {
                    runnable.run();
                } catch (Throwable t) {
                    LOG.error("thread \"{}\" ended a task of {} by {}", Thread.currentThread().getName(), runnable, t.toString(), t);
                    throw t;
                }
            }, value);
        }

        /**
         * Camel closes a loop's KafkaConsumer only when the loop ends normally: one that died would stay in its group
         * and hold its partitions until max.poll.interval.ms, so the restarted route would wait that long. The field
         * is private, hence reflection, on this failure path only (and on the thread that owned the consumer).
         */
        private static void closeConsumer(KafkaFetchRecords loop) {
            try {
                java.lang.reflect.Field field = KafkaFetchRecords.class.getDeclaredField("consumer");
                field.setAccessible(true);
                if (field.get(loop) instanceof org.apache.kafka.clients.consumer.Consumer<?, ?> consumer) {
                    consumer.close(java.time.Duration.ofSeconds(5));
                }
            } catch (Throwable t) {
                LOG.warn("could not close the Kafka consumer of a dead polling loop ({}); its partitions move to the "
                        + "restarted route after max.poll.interval.ms", t.toString());
            }
        }
    }
}
