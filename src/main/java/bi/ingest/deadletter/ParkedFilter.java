package bi.ingest.deadletter;

import bi.ingest.load.DeadLetterHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Which dead letters an operator means: {@code reason} (text the reason contains, any case), {@code stage} (parse,
 * normalize, load) and the time they were parked, {@code from} inclusive to {@code to} exclusive. Empty matches all.
 */
public record ParkedFilter(String reason, String stage, Instant from, Instant to) {

    public static ParkedFilter of(String reason, String stage, String from, String to) {
        return new ParkedFilter(blankToNull(reason), blankToNull(stage), instant("from", from), instant("to", to));
    }

    public boolean isEmpty() {
        return reason == null && stage == null && from == null && to == null;
    }

    public boolean matches(ConsumerRecord<byte[], byte[]> r) {
        if (reason != null) {
            String why = Parked.header(r, DeadLetterHeaders.REASON);
            if (why == null || !why.toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        if (stage != null && !stage.equalsIgnoreCase(Parked.header(r, DeadLetterHeaders.STAGE))) {
            return false;
        }
        if (from != null || to != null) {
            Instant at = Parked.parkedAt(r);
            return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
        }
        return true;
    }

    /** For the replay log: the parts given, or "none". */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        append(b, "reason~", reason == null ? null : '"' + reason + '"');
        append(b, "stage=", stage);
        append(b, "from=", from);
        append(b, "to=", to);
        return b.isEmpty() ? "none" : b.substring(1);
    }

    private static void append(StringBuilder b, String name, Object value) {
        if (value != null) {
            b.append(' ').append(name).append(value);
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": expected an ISO-8601 instant such as 2026-12-01T08:00:00Z, got '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
