package bi.ingest.deadletter;

import bi.ingest.load.DeadLetterHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One dead letter as the admin API shows it: where it is parked, why, where it came from, and whether it was
 * replayed. The original headers, key and value only when asked for ({@code payload}).
 */
public record Parked(String id, String topic, int partition, long offset, String stage, String errorClass, String reason,
                     String originTopic, String originPartition, String originOffset, String parkedAt, String replayOf,
                     Replayed replayed, String key, Map<String, String> headers, String value, String valueEncoding) {

    /** A replay the state store remembers: by whom, when, and where the record was sent again. */
    public record Replayed(String by, Instant at, String to, Long offset) {
    }

    static Parked of(ConsumerRecord<byte[], byte[]> r, Replayed replayed, boolean payload) {
        Map<String, String> headers = null;
        String value = null;
        String encoding = null;
        String key = null;
        if (payload) {
            headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                if (!h.key().startsWith(DeadLetterHeaders.PREFIX)) {
                    headers.put(h.key(), text(h.value()));
                }
            }
            key = r.key() == null ? null : text(r.key());
            String utf8 = utf8(r.value());
            value = utf8 != null ? utf8 : r.value() == null ? null : Base64.getEncoder().encodeToString(r.value());
            encoding = utf8 != null ? "utf-8" : r.value() == null ? null : "base64";
        }
        return new Parked(id(r.partition(), r.offset()), r.topic(), r.partition(), r.offset(),
                header(r, DeadLetterHeaders.STAGE), header(r, DeadLetterHeaders.ERROR_CLASS), header(r, DeadLetterHeaders.REASON),
                header(r, DeadLetterHeaders.ORIGIN_TOPIC), header(r, DeadLetterHeaders.ORIGIN_PARTITION),
                header(r, DeadLetterHeaders.ORIGIN_OFFSET), header(r, DeadLetterHeaders.TIME), header(r, DeadLetterHeaders.REPLAY_OF),
                replayed, key, headers, value, encoding);
    }

    /** A dead letter's id within its topic: {@code <partition>:<offset>}. */
    static String id(int partition, long offset) {
        return partition + ":" + offset;
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** When it was parked: the header, or the record's timestamp for dead letters written before the header existed. */
    static Instant parkedAt(ConsumerRecord<?, ?> r) {
        String at = header(r, DeadLetterHeaders.TIME);
        if (at != null) {
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException ignored) {
                // fall back to the record's time
            }
        }
        return Instant.ofEpochMilli(r.timestamp());
    }

    private static String text(byte[] bytes) {
        String s = utf8(bytes);
        return s != null ? s : Base64.getEncoder().encodeToString(bytes);
    }

    private static String utf8(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
