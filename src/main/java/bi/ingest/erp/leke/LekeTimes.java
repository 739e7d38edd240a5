package bi.ingest.erp.leke;

import static bi.ingest.normalize.JsonFields.dateTimeNumbers;

import bi.ingest.normalize.InvalidRecordException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/** Leke's ISO-8601 times as StarRocks DATETIME text in one zone (spec: no offset = Asia/Shanghai). */
final class LekeTimes {

    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** ISO local date-time, with 'T' or a space between date and time. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME).toFormatter()
            .withResolverStyle(ResolverStyle.STRICT); // as the offset form: February 31 is refused, not moved to the 28th

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
            String fast = common(iso);
            return fast != null ? fast : withJavaTime(iso);
        } catch (DateTimeException e) {
            throw new InvalidRecordException("field '" + field + "': expected an ISO-8601 time, got \"" + iso + "\"");
        }
    }

    /** Any ISO-8601 local or offset date-time, through java.time's parsers. */
    String withJavaTime(String iso) {
        LocalDateTime local = hasOffset(iso)
                ? OffsetDateTime.parse(iso.replace(' ', 'T')).atZoneSameInstant(zone).toLocalDateTime()
                : LocalDateTime.parse(iso, LOCAL);
        return local.truncatedTo(ChronoUnit.SECONDS).format(OUT);
    }

    /**
     * The shapes Leke sends, {@code yyyy-MM-ddTHH:mm:ss[.fraction][Z|+hh:mm]} ('T' or a space), read by position:
     * java.time's parsers were a tenth of an event's CPU. Anything else is left to them (null here), so both paths
     * accept and refuse the same text; a test holds them together.
     */
    String common(String s) {
        int n = s.length();
        int[] t = dateTimeNumbers(s, "T ");
        if (t == null || t[0] == 0) {
            return null; // year 0000 is 1 BC, which the pattern's year-of-era writes as 0001
        }
        int at = 19;
        if (at < n && s.charAt(at) == '.') {
            int start = ++at;
            while (at < n && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                at++;
            }
            if (at == start || at - start > 9) {
                return null;
            }
        }
        LocalDateTime local = LocalDateTime.of(t[0], t[1], t[2], t[3], t[4], t[5]); // refuses Feb 30 as the parser does
        if (at == n) {
            return format(local);
        }
        ZoneOffset offset;
        if (at == n - 1 && s.charAt(at) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (at == n - 6 && (s.charAt(at) == '+' || s.charAt(at) == '-') && s.charAt(at + 3) == ':') {
            int hours = twoDigits(s, at + 1);
            int minutes = twoDigits(s, at + 4);
            if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
                return null;
            }
            int total = hours * 3600 + minutes * 60;
            offset = ZoneOffset.ofTotalSeconds(s.charAt(at) == '-' ? -total : total);
        } else {
            return null;
        }
        long epochSecond = local.toEpochSecond(offset);
        return format(LocalDateTime.ofEpochSecond(epochSecond, 0, zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond))));
    }

    private static int twoDigits(String s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        return a >= '0' && a <= '9' && b >= '0' && b <= '9' ? (a - '0') * 10 + (b - '0') : -1;
    }

    private static String format(LocalDateTime t) {
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            return t.format(OUT);
        }
        char[] out = {
            (char) ('0' + year / 1000), (char) ('0' + year / 100 % 10), (char) ('0' + year / 10 % 10), (char) ('0' + year % 10), '-',
            '0', '0', '-', '0', '0', ' ', '0', '0', ':', '0', '0', ':', '0', '0'};
        two(out, 5, t.getMonthValue());
        two(out, 8, t.getDayOfMonth());
        two(out, 11, t.getHour());
        two(out, 14, t.getMinute());
        two(out, 17, t.getSecond());
        return new String(out);
    }

    private static void two(char[] out, int at, int v) {
        out[at] = (char) ('0' + v / 10);
        out[at + 1] = (char) ('0' + v % 10);
    }

    private static boolean hasOffset(String iso) {
        int t = Math.max(iso.indexOf('T'), iso.indexOf(' '));
        return t > 0 && (iso.endsWith("Z") || iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0);
    }
}
