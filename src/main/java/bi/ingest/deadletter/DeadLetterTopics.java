package bi.ingest.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the dead-letter topics for the admin API with a consumer of its own that joins no group (assign and seek), so
 * looking never moves a committed offset. Written on the plain consumer: Camel's Kafka endpoint consumes a topic as a
 * route does, from a group, and cannot read a range on request.
 */
public class DeadLetterTopics {

    /** A scan gives up after this long, so a broker that does not answer cannot hold an admin request forever. */
    private static final Duration SCAN_LIMIT = Duration.ofSeconds(60);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String suffix;

    public DeadLetterTopics(Supplier<Consumer<byte[], byte[]>> consumers, String suffix) {
        this.consumers = consumers;
        this.suffix = suffix;
    }

    /** The dead-letter topic an operator names: the DLQ topic itself or the topic its records came from. */
    public String dlqTopic(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name a topic: the dead-letter topic (<topic>" + suffix + ") or its origin topic");
        }
        return name.endsWith(suffix) ? name : name + suffix;
    }

    public String originOf(String dlqTopic) {
        return dlqTopic.substring(0, dlqTopic.length() - suffix.length());
    }

    /** Every dead-letter topic with the number of records it holds. */
    public Map<String, Long> counts() {
        try (Consumer<byte[], byte[]> c = consumers.get()) {
            Map<String, Long> out = new LinkedHashMap<>();
            c.listTopics().entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).sorted(Map.Entry.comparingByKey())
                    .forEach(e -> {
                        List<TopicPartition> parts = e.getValue().stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                        Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
                        Map<TopicPartition, Long> end = c.endOffsets(parts);
                        out.put(e.getKey(), parts.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum());
                    });
            return out;
        }
    }

    /**
     * Hands {@code each} the records of {@code topic} that match, in partition and offset order, from just after
     * {@code after} (null: the start), until it returns false or the topic's end as it was when the scan began.
     */
    public void scan(String topic, Cursor after, Predicate<ConsumerRecord<byte[], byte[]>> matches,
                     Predicate<ConsumerRecord<byte[], byte[]>> each) {
        Instant deadline = Instant.now().plus(SCAN_LIMIT);
        try (Consumer<byte[], byte[]> c = consumers.get()) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new DeadLetterTopicNotFoundException("no dead-letter topic " + topic);
            }
            List<TopicPartition> parts = new ArrayList<>(infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList());
            parts.sort(Comparator.comparingInt(TopicPartition::partition));
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            for (TopicPartition p : parts) {
                if (after != null && p.partition() < after.partition()) {
                    continue;
                }
                long from = after != null && p.partition() == after.partition() ? Math.max(after.offset() + 1, begin.get(p)) : begin.get(p);
                long until = end.get(p);
                if (from >= until) {
                    continue;
                }
                c.assign(List.of(p));
                c.seek(p, from);
                while (c.position(p) < until) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("reading " + topic + " took longer than " + SCAN_LIMIT + "; narrow the filter or page");
                    }
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                        if (r.offset() < until && matches.test(r) && !each.test(r)) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** A position in a dead-letter topic: the last record a page showed. */
    public record Cursor(int partition, long offset) {

        public static Cursor parse(String id) {
            if (id == null || id.isBlank()) {
                return null;
            }
            String[] parts = id.trim().split(":");
            try {
                if (parts.length == 2) {
                    return new Cursor(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("expected <partition>:<offset> such as 0:15, got '" + id + "'");
        }
    }
}
