package bi.ingest.erp.leke;

import bi.ingest.normalize.InvalidRecordException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Leke's ISO-8601 times as StarRocks DATETIME text in one zone (spec: no offset = Asia/Shanghai). */
final class LekeTimes {

    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** ISO local date-time, with 'T' or a space between date and time. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME).toFormatter();

    private final ZoneId zone;

    LekeTimes(ZoneId zone) {
        this.zone = zone;
    }

    /** {@code yyyy-MM-dd HH:mm:ss} in the configured zone, fractions of a second dropped. */
    String toDateTime(String field, String iso) {
        if (iso == null) {
            return null;
        }
        try {
            LocalDateTime local = hasOffset(iso)
                    ? OffsetDateTime.parse(iso.replace(' ', 'T')).atZoneSameInstant(zone).toLocalDateTime()
                    : LocalDateTime.parse(iso, LOCAL);
            return local.truncatedTo(ChronoUnit.SECONDS).format(OUT);
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException("field '" + field + "': expected an ISO-8601 time, got \"" + iso + "\"");
        }
    }

    private static boolean hasOffset(String iso) {
        int t = Math.max(iso.indexOf('T'), iso.indexOf(' '));
        return t > 0 && (iso.endsWith("Z") || iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0);
    }
}
