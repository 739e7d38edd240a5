package bi.ingest.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real Kafka broker (KRaft, in this JVM) with the helpers tests and the local run need. */
public final class KafkaSandbox implements AutoCloseable {

    /** Large enough for the 5 MB bad-input record and its dead-letter copy. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final EmbeddedKafkaKraftBroker broker;
    private final Admin admin;
    private KafkaProducer<String, byte[]> producer;

    private KafkaSandbox(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        this.admin = Admin.create(p);
    }

    public static KafkaSandbox start() {
        return start(0);
    }

    /** @param port 0 for any free port */
    public static KafkaSandbox start(int port) {
        return start(port, Map.of());
    }

    /** @param extra broker settings added to (or replacing) the sandbox's own, e.g. more listeners */
    public static KafkaSandbox start(int port, Map<String, String> extra) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        Map<String, String> props = new HashMap<>();
        props.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        props.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        props.put("auto.create.topics.enable", "true");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        props.putAll(extra);
        broker.brokerProperties(props);
        if (port > 0) {
            broker.kafkaPorts(port);
        }
        broker.afterPropertiesSet();
        return new KafkaSandbox(broker);
    }

    /** The plaintext listener's address (the tests' own clients use it). */
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** The port the broker bound for one of its listeners (by listener name). */
    public int boundPort(String listener) {
        return broker.getCluster().brokers().values().iterator().next().boundPort(new ListenerName(listener));
    }

    /** Creates a topic and returns once every partition has a leader (created is not yet writable). */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES))))).all().get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                    admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            // not idempotent: right after a topic is created its first writes can meet NOT_LEADER_OR_FOLLOWER, after
            // which an idempotent producer was seen stuck on OUT_OF_ORDER_SEQUENCE_NUMBER for that partition (the
            // records never written); one request in flight keeps the order of retried batches
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    public void send(ProducerRecord<String, byte[]> record) {
        producer().send(record);
    }

    /** Sends and waits for the broker's acknowledgement: a record that could not be written fails here, loudly. */
    public RecordMetadata sendAndWait(ProducerRecord<String, byte[]> record) {
        try {
            return producer().send(record).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write to " + record.topic() + ": " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from " + record.topic() + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void flush() {
        producer().flush();
    }

    /** Sum of end offsets of a topic. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int i = 0; i < partitions; i++) {
                request.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The group's committed offsets for a topic (partitions without a commit are absent). */
    public Map<TopicPartition, Long> committed(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new HashMap<>();
            all.forEach((tp, om) -> {
                if (om != null && tp.topic().equals(topic)) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the group has committed every record of the topic. */
    public boolean fullyCommitted(String group, String topic) {
        Map<TopicPartition, Long> end = endOffsets(topic);
        Map<TopicPartition, Long> committed = committed(group, topic);
        return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || e.getValue().equals(committed.get(e.getKey())));
    }

    /** Moves an inactive group's offsets of a topic back to the beginning. */
    public void resetToBeginning(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            endOffsets(topic).keySet().forEach(tp -> offsets.put(tp, new OffsetAndMetadata(0)));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of a topic, read from the beginning (for the dead-letter assertions). */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return readAll(topic, new ByteArrayDeserializer());
    }

    /** Every record of a topic, read from the beginning, values as {@code values} makes them (e.g. only their size). */
    public <V> List<ConsumerRecord<String, V>> readAll(String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_MESSAGE_BYTES);
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            Map<TopicPartition, Long> end = endOffsets(topic);
            c.assign(end.keySet());
            c.seekToBeginning(end.keySet());
            long deadline = System.currentTimeMillis() + 30_000;
            while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue()) && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        admin.close(Duration.ofSeconds(5));
        broker.destroy();
    }
}
