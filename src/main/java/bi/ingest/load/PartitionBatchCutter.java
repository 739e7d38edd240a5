package bi.ingest.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a camel-kafka batch ({@code List<Exchange>}, possibly several partitions) into per-partition batches.
 * Records at or below the partition's loaded watermark are skipped (a replay). Normally a partition's remaining
 * records form one batch; when a plan was recorded (a batch was interrupted), the plan's range is cut exactly,
 * waiting for more records if the poll ended inside it. Records {@link BatchBytesDeserializer} deferred (the batch
 * reached its byte limit) are left out, and their partition is rewound to the first of them for the next poll.
 */
public class PartitionBatchCutter {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionBatchCutter.class);

    /**
     * Partitions the previous batch on this consumer thread rewound to their first deferred record, and the offset.
     * Only the next batch can hold records polled before that rewind, so each cut replaces it (a partition that
     * moved to another consumer in a rebalance and came back must not be held to an old rewind).
     */
    private final ThreadLocal<Map<TopicPartition, Long>> rewinds = ThreadLocal.withInitial(Map::of);
    /** The partitions of the last batch cut on this consumer thread, named when the thread dies ({@link ConsumerDeaths}). */
    private static final ThreadLocal<java.util.Set<TopicPartition>> POLLED = ThreadLocal.withInitial(java.util.Set::of);

    private final PartitionStateStore states;
    /** Records of a planned range that arrived before the rest of it; keyed by partition (one consumer thread each). */
    private final Map<TopicPartition, List<ConsumedRecord>> waiting = new ConcurrentHashMap<>();

    public PartitionBatchCutter(PartitionStateStore states) {
        this.states = states;
    }

    public List<PartitionBatch> cut(List<Exchange> exchanges, String flow) {
        if (exchanges == null || exchanges.isEmpty()) {
            return List.of();
        }
        BatchBytesDeserializer.startNextBatch(exchanges.size());
        Consumer<?, ?> consumer = consumerOf(exchanges.get(0));
        Map<TopicPartition, List<ConsumedRecord>> byPartition = new LinkedHashMap<>();
        Map<TopicPartition, Long> deferredFrom = new LinkedHashMap<>();
        Map<TopicPartition, Long> rewound = new java.util.HashMap<>(rewinds.get());
        if (rewound.isEmpty() && exchanges.stream().noneMatch(e -> e.getMessage().getBody() == BatchBytesDeserializer.DEFERRED)) {
            for (Exchange e : exchanges) {
                ConsumedRecord r = toRecord(e.getMessage());
                byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>()).add(r);
            }
        } else {
            withoutDeferred(exchanges, rewound, byPartition, deferredFrom);
        }
        java.util.Set<TopicPartition> polled = new java.util.LinkedHashSet<>(byPartition.keySet());
        polled.addAll(deferredFrom.keySet());
        POLLED.set(polled);
        deferredFrom.forEach(consumer::seek);
        rewinds.set(Map.copyOf(deferredFrom));
        if (!deferredFrom.isEmpty()) {
            LOG.debug("batch byte limit reached; partitions read again from {}", deferredFrom);
        }
        List<PartitionBatch> batches = new ArrayList<>();
        byPartition.forEach((tp, records) -> cutPartition(flow, tp, withWaiting(tp, records), states.get(flow, tp), consumer, batches));
        emptyRecordExchanges(exchanges);
        return batches;
    }

    /**
     * {@link #cut}, grouped by partition: a partition's batches (a replayed plan, then the rest) must load and commit
     * one after the other, while different partitions may load at the same time.
     */
    public List<List<PartitionBatch>> cutByPartition(List<Exchange> exchanges, String flow) {
        Map<TopicPartition, List<PartitionBatch>> groups = new LinkedHashMap<>();
        for (PartitionBatch batch : cut(exchanges, flow)) {
            groups.computeIfAbsent(batch.partition(), tp -> new ArrayList<>(2)).add(batch);
        }
        return new ArrayList<>(groups.values());
    }

    /**
     * camel-kafka keeps each record's exchange until the whole batch is done (about 1 KB of headers besides the
     * record it references); what the load needs is in the batches now, so the exchanges let go of it, and a long
     * batch does not carry them into the old generation. The first keeps its headers: camel-kafka reads its topic,
     * partition and offset when the batch fails.
     */
    private static void emptyRecordExchanges(List<Exchange> exchanges) {
        for (int i = 0; i < exchanges.size(); i++) {
            Message m = exchanges.get(i).getMessage();
            m.setBody(null);
            if (i > 0) {
                m.getHeaders().clear();
            }
        }
    }

    private void cutPartition(String flow, TopicPartition tp, List<ConsumedRecord> records, PartitionState state,
                              Consumer<?, ?> consumer, List<PartitionBatch> out) {
        long polledThrough = records.get(records.size() - 1).offset();
        if (records.get(0).offset() <= state.loadedThrough() && endOffset(consumer, tp) <= state.loadedThrough()) {
            LOG.warn("partition {} of flow {} ends before offset {}, which was loaded already: the topic was re-created or "
                    + "truncated; forgetting its loaded offsets and loading what it holds now", tp, flow, state.loadedThrough());
            states.forget(flow, tp);
            state = PartitionState.NEW;
        }
        int skip = 0;
        while (skip < records.size() && records.get(skip).offset() <= state.loadedThrough()) {
            skip++;
        }
        if (skip > 0) {
            LOG.warn("partition {}: skipping {} records at or below offset {}, loaded before (consumer group reset or replay); "
                    + "to load them again see README, Operations", tp, skip, state.loadedThrough());
        }
        records = records.subList(skip, records.size());
        if (records.isEmpty()) {
            out.add(new PartitionBatch(flow, tp, List.of(), false, polledThrough, consumer));
            return;
        }
        OffsetPlan plan = state.plan();
        if (plan != null && plan.last() >= records.get(0).offset()) {
            if (polledThrough < plan.last()) {
                LOG.info("partition {}: replaying planned batch {}..{}, have up to {}; waiting for the rest",
                        tp, plan.first(), plan.last(), polledThrough);
                waiting.put(tp, List.copyOf(records));
                return;
            }
            int end = 0;
            while (end < records.size() && records.get(end).offset() <= plan.last()) {
                end++;
            }
            out.add(new PartitionBatch(flow, tp, List.copyOf(records.subList(0, end)), true, plan.last(), consumer));
            records = records.subList(end, records.size());
        }
        if (!records.isEmpty()) {
            out.add(new PartitionBatch(flow, tp, List.copyOf(records), false, polledThrough, consumer));
        }
    }

    /**
     * A batch that reached its byte limit, or follows one: per partition, the records below its lowest deferred
     * offset, and the offset to rewind to. Camel adds a poll's records to the next batch after the current one is
     * processed, so a batch can begin with records polled before the previous batch rewound their partition: those
     * above the rewind point are skipped until the partition is read again from it (or from lower, after a
     * rebalance). A record read again wins over its deferred copy.
     */
    private static void withoutDeferred(List<Exchange> exchanges, Map<TopicPartition, Long> rewound,
                                        Map<TopicPartition, List<ConsumedRecord>> byPartition,
                                        Map<TopicPartition, Long> deferredFrom) {
        Map<TopicPartition, java.util.TreeMap<Long, Object>> sorted = new LinkedHashMap<>();
        for (Exchange e : exchanges) {
            Message m = e.getMessage();
            TopicPartition tp = new TopicPartition(m.getHeader(KafkaConstants.TOPIC, String.class),
                    m.getHeader(KafkaConstants.PARTITION, Integer.class));
            long offset = m.getHeader(KafkaConstants.OFFSET, Long.class);
            Long rewoundTo = rewound.get(tp);
            if (rewoundTo != null) {
                if (offset > rewoundTo) {
                    continue; // polled before the rewind: it comes again
                }
                rewound.remove(tp);
            }
            java.util.TreeMap<Long, Object> records = sorted.computeIfAbsent(tp, p -> new java.util.TreeMap<>());
            if (m.getBody() == BatchBytesDeserializer.DEFERRED) {
                records.putIfAbsent(offset, BatchBytesDeserializer.DEFERRED);
            } else {
                records.put(offset, toRecord(m));
            }
        }
        sorted.forEach((tp, records) -> {
            List<ConsumedRecord> taken = new ArrayList<>();
            for (Map.Entry<Long, Object> r : records.entrySet()) {
                if (r.getValue() instanceof ConsumedRecord record) {
                    taken.add(record);
                } else {
                    deferredFrom.put(tp, r.getKey()); // what follows is read again from here
                    break;
                }
            }
            if (!taken.isEmpty()) {
                byPartition.put(tp, taken);
            }
        });
    }

    /** The partitions the last batch on the calling consumer thread came from. */
    static String partitionsPolledOnThisThread() {
        java.util.Set<TopicPartition> polled = POLLED.get();
        return polled.isEmpty() ? "none polled yet" : polled.toString();
    }

    /** The offset the next record will get: when it is not past what was loaded, the log is not the one loaded. */
    private static long endOffset(Consumer<?, ?> consumer, TopicPartition tp) {
        Long end = consumer.endOffsets(List.of(tp)).get(tp);
        return end == null ? Long.MAX_VALUE : end;
    }

    /** Prepends records held back for a plan, unless the consumer rewound (reconnect, rebalance) past them. */
    private List<ConsumedRecord> withWaiting(TopicPartition tp, List<ConsumedRecord> records) {
        List<ConsumedRecord> held = waiting.remove(tp);
        if (held == null || records.get(0).offset() <= held.get(held.size() - 1).offset()) {
            return records; // nothing held, or re-delivered from the committed offset: the poll has it all again
        }
        List<ConsumedRecord> all = new ArrayList<>(held.size() + records.size());
        all.addAll(held);
        all.addAll(records);
        return all;
    }

    private static ConsumedRecord toRecord(Message m) {
        // camel-kafka puts these as typed values under its own names. One pass over the headers: five look-ups in a
        // case-insensitive map cost 5 % of the consumer threads' time
        String topic = null;
        Integer partition = null;
        Long offset = null;
        Object key = null;
        Headers headers = null;
        for (Map.Entry<String, Object> h : m.getHeaders().entrySet()) {
            switch (h.getKey()) {
                case KafkaConstants.TOPIC -> topic = (String) h.getValue();
                case KafkaConstants.PARTITION -> partition = (Integer) h.getValue();
                case KafkaConstants.OFFSET -> offset = (Long) h.getValue();
                case KafkaConstants.KEY -> key = h.getValue();
                case KafkaConstants.HEADERS -> headers = (Headers) h.getValue();
                default -> { }
            }
        }
        Object body = m.getBody();
        return new ConsumedRecord(topic, partition, offset,
                key instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : key == null ? null : key.toString(),
                body == null || body instanceof byte[] ? (byte[]) body : m.getBody(byte[].class),
                headers);
    }

    /** The consumer thread's KafkaConsumer, reachable through the manual-commit handle camel-kafka puts on each record. */
    private static Consumer<?, ?> consumerOf(Exchange record) {
        Object commit = record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT);
        if (commit instanceof DefaultKafkaManualCommit c) {
            return c.getCamelExchangePayload().consumer;
        }
        throw new IllegalStateException("the load route's Kafka endpoint needs allowManualCommit=true (found " + commit + ")");
    }
}
