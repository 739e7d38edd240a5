package bi.ingest.deadletter;

import bi.ingest.deadletter.Parked.Replayed;
import bi.ingest.load.DeadLetterHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends dead letters back to the topics they came from, each at most once across all instances: the state store's
 * {@code dlq_replay} row of a dead letter is claimed before the send and keeps who replayed it, when, and where it
 * went. A claim whose send never finished (the instance died) may be taken again after {@link #STALE_CLAIM}.
 * Written on the plain producer: a replay must send the original bytes and headers unchanged and learn each offset.
 */
public class DeadLetterReplays implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("bi.ingest.deadletter.replay");
    static final Duration STALE_CLAIM = Duration.ofMinutes(2);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final MeterRegistry meters;
    private final Clock clock;
    private Producer<byte[], byte[]> producer;

    public DeadLetterReplays(JdbcTemplate jdbc, Supplier<Producer<byte[], byte[]>> producers, MeterRegistry meters, Clock clock) {
        this.jdbc = jdbc;
        this.producers = producers;
        this.meters = meters;
        this.clock = clock;
    }

    /** What the state store knows of the replays of {@code dlqTopic}'s records, by id ({@code <partition>:<offset>}). */
    public Map<String, Replayed> replays(String dlqTopic) {
        Map<String, Replayed> out = new HashMap<>();
        jdbc.query("SELECT dlq_partition, dlq_offset, replayed_by, replayed_at, origin_topic, replayed_offset FROM dlq_replay"
                        + " WHERE dlq_topic = ?",
                rs -> {
                    long offset = rs.getLong("replayed_offset");
                    out.put(Parked.id(rs.getInt("dlq_partition"), rs.getLong("dlq_offset")), new Replayed(rs.getString("replayed_by"),
                            rs.getTimestamp("replayed_at").toInstant(), rs.getString("origin_topic"), rs.wasNull() ? null : offset));
                }, dlqTopic);
        return out;
    }

    /** What one replay request did. */
    public record Outcome(List<String> replayed, List<String> alreadyReplayed) {
    }

    /**
     * Sends each record of {@code dlqTopic} to {@code originTopic} (its original key, value and headers, plus
     * {@code bi-replay-of}) unless it was replayed before; returns once Kafka acknowledged every send.
     */
    public synchronized Outcome replay(String dlqTopic, String originTopic, List<ConsumerRecord<byte[], byte[]>> records,
                                       String user) {
        List<String> replayed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> claimed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (claim(r, originTopic, user)) {
                claimed.add(r);
            } else {
                skipped.add(Parked.id(r.partition(), r.offset()));
            }
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(claimed.size());
        for (ConsumerRecord<byte[], byte[]> r : claimed) {
            sends.add(producer().send(again(originTopic, r)));
        }
        for (int i = 0; i < claimed.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = claimed.get(i);
            RecordMetadata sent = await(sends.get(i), r, claimed.subList(i, claimed.size()));
            jdbc.update("UPDATE dlq_replay SET replayed_offset = ? WHERE dlq_topic = ? AND dlq_partition = ? AND dlq_offset = ?",
                    sent.offset(), r.topic(), r.partition(), r.offset());
            replayed.add(Parked.id(r.partition(), r.offset()));
            LOG.info("DLQ REPLAY by={} {}/{}@{} -> {}/{}@{}", user, r.topic(), r.partition(), r.offset(), originTopic,
                    sent.partition(), sent.offset());
        }
        counter("bi.dlq.replayed", "dead letters sent back to their topic", dlqTopic).increment(replayed.size());
        counter("bi.dlq.replay.skipped", "dead letters not sent again: replayed before", dlqTopic).increment(skipped.size());
        return new Outcome(replayed, skipped);
    }

    /** Takes the dead letter's replay row; false when it was replayed, or is being replayed, by anyone. */
    private boolean claim(ConsumerRecord<byte[], byte[]> r, String originTopic, String user) {
        Instant now = clock.instant();
        try {
            jdbc.update("INSERT INTO dlq_replay (dlq_topic, dlq_partition, dlq_offset, origin_topic, replayed_by, replayed_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", r.topic(), r.partition(), r.offset(), originTopic, user, Timestamp.from(now));
            return true;
        } catch (DuplicateKeyException e) {
            return jdbc.update("UPDATE dlq_replay SET replayed_by = ?, replayed_at = ? WHERE dlq_topic = ? AND dlq_partition = ?"
                    + " AND dlq_offset = ? AND replayed_offset IS NULL AND replayed_at < ?", user, Timestamp.from(now),
                    r.topic(), r.partition(), r.offset(), Timestamp.from(now.minus(STALE_CLAIM))) == 1;
        }
    }

    private RecordMetadata await(Future<RecordMetadata> send, ConsumerRecord<byte[], byte[]> r,
                                 List<ConsumerRecord<byte[], byte[]>> unconfirmed) {
        try {
            return send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // what Kafka did not confirm may be replayed again at once
            unconfirmed.forEach(u -> jdbc.update("DELETE FROM dlq_replay WHERE dlq_topic = ? AND dlq_partition = ? AND dlq_offset = ?"
                    + " AND replayed_offset IS NULL", u.topic(), u.partition(), u.offset()));
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new DeadLetterReplayException("Kafka did not take the replay of " + r.topic() + "/" + r.partition() + "@"
                    + r.offset() + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterReplayException("interrupted while replaying " + r.topic(), e);
        }
    }

    private static ProducerRecord<byte[], byte[]> again(String originTopic, ConsumerRecord<byte[], byte[]> r) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(originTopic, r.key(), r.value());
        for (Header h : r.headers()) {
            if (!h.key().startsWith(DeadLetterHeaders.PREFIX) && !h.key().equals(DeadLetterHeaders.REPLAY_OF)) {
                out.headers().add(h.key(), h.value());
            }
        }
        out.headers().add(DeadLetterHeaders.REPLAY_OF,
                (r.topic() + "/" + r.partition() + "/" + r.offset()).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    private Counter counter(String name, String description, String topic) {
        return Counter.builder(name).description(description).tag("topic", topic).register(meters);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
