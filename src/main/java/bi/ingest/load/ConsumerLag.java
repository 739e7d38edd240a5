package bi.ingest.load;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bi.kafka.consumer.lag{group,topic,partition}}: records of each load route's topics its consumer group has not
 * committed yet (end offset minus committed offset; from the earliest offset when nothing is committed), refreshed
 * by the route {@code load-consumer-lag}. The same figures as Kafka's admin tools give for the group.
 */
public class ConsumerLag {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);

    /** A load route's consumer group and the topics it reads (a name, a list or a pattern, as the route has it). */
    public record Consumer(String group, Pattern topics) {

        /** @param topics a topic, a comma-separated list of topics, or (isPattern) a regular expression */
        public static Consumer of(String group, String topics, boolean isPattern) {
            return new Consumer(group, Pattern.compile(isPattern ? topics
                    : Arrays.stream(topics.split(",")).map(t -> Pattern.quote(t.trim())).collect(Collectors.joining("|"))));
        }
    }

    private final Admin admin;
    private final List<Consumer> consumers;
    private final MeterRegistry meters;
    private final LoadProgress progress;
    private final Map<TopicPartitionOfGroup, AtomicLong> lags = new ConcurrentHashMap<>();

    private record TopicPartitionOfGroup(String group, TopicPartition partition) {
    }

    public ConsumerLag(Admin admin, List<Consumer> consumers, MeterRegistry meters, LoadProgress progress) {
        this.admin = admin;
        this.consumers = consumers;
        this.meters = meters;
        this.progress = progress;
    }

    /** Reads committed and end offsets of every load route and updates the gauges. */
    public void refresh() throws Exception {
        for (Consumer c : consumers) {
            try {
                Map<TopicPartition, Long> lags = lags(c);
                lags.forEach((tp, lag) -> gauge(c.group(), tp).set(lag));
                progress.lagMeasured(c.group(), lags.values().stream().mapToLong(Long::longValue).sum());
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("consumer lag of group {} on {} unknown: {}", c.group(), c.topics(), e.getCause().toString());
            }
        }
    }

    /** The lag per partition of every topic {@code c} reads. */
    public Map<TopicPartition, Long> lags(Consumer c) throws Exception {
        List<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                .filter(t -> c.topics().matcher(t).matches()).sorted().toList();
        if (topics.isEmpty()) {
            return Map.of();
        }
        List<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(c.group())
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> begin = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> lags = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata done = committed.get(tp);
            long from = done == null ? begin.get(tp) : done.offset();
            lags.put(tp, Math.max(0, end.get(tp) - from));
        }
        return lags;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec)))
                .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private AtomicLong gauge(String group, TopicPartition tp) {
        return lags.computeIfAbsent(new TopicPartitionOfGroup(group, tp), key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("bi.kafka.consumer.lag", value, AtomicLong::get)
                    .description("records of the topic the load route's consumer group has not committed")
                    .tag("group", group).tag("topic", tp.topic()).tag("partition", Integer.toString(tp.partition()))
                    .register(meters);
            return value;
        });
    }
}
