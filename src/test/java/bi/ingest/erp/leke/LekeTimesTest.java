package bi.ingest.erp.leke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.normalize.InvalidRecordException;
import java.time.ZoneId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LekeTimesTest {

    private final LekeTimes shanghai = new LekeTimes(ZoneId.of("Asia/Shanghai"));
    private final LekeTimes newYork = new LekeTimes(ZoneId.of("America/New_York"));

    @Test
    void theCommonShapesAreConvertedIntoTheZone() {
        assertThat(shanghai.toDateTime("t", "2026-11-24T10:15:02+08:00")).isEqualTo("2026-11-24 10:15:02");
        assertThat(shanghai.toDateTime("t", "2026-11-24T02:15:02.123456Z")).isEqualTo("2026-11-24 10:15:02");
        assertThat(shanghai.toDateTime("t", "2026-12-31 23:59:59-05:30")).isEqualTo("2027-01-01 13:29:59");
        assertThat(shanghai.toDateTime("t", "2026-11-24 10:15:02")).isEqualTo("2026-11-24 10:15:02");
        // a daylight-saving zone takes the offset of that instant
        assertThat(newYork.toDateTime("t", "2026-07-01T12:00:00Z")).isEqualTo("2026-07-01 08:00:00");
        assertThat(newYork.toDateTime("t", "2026-01-01T12:00:00Z")).isEqualTo("2026-01-01 07:00:00");
    }

    @Test
    void theFastPathAcceptsAndRefusesWhatJavaTimeDoes() {
        Random random = new Random(1201);
        String[] separators = {"T", " ", "t", "_"};
        String[] fractions = {"", ".1", ".123", ".123456789", ".1234567890", ".", ".12a"};
        String[] offsets = {"", "Z", "+08:00", "-05:30", "+00:00", "-00:00", "+14:00", "+18:00", "+19:00", "+08:60", "+0800",
            "+08", "z", "+08:00:00", "Zx", "+8:00"};
        for (int i = 0; i < 50_000; i++) {
            String text = String.format("%04d-%02d-%02d%s%02d:%02d:%02d%s%s", random.nextInt(3) == 0 ? random.nextInt(10_000) : 1990 + random.nextInt(60),
                    random.nextInt(14), random.nextInt(33), separators[random.nextInt(separators.length)], random.nextInt(26),
                    random.nextInt(62), random.nextInt(62), fractions[random.nextInt(fractions.length)], offsets[random.nextInt(offsets.length)]);
            LekeTimes times = random.nextBoolean() ? shanghai : newYork;
            String fast = fastPath(times, text);
            String full = javaTime(times, text);
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(full);
            }
            String converted = convert(times, text);
            assertThat(converted).as(text).isEqualTo(full);
        }
    }

    @Test
    void aTimeThatIsNotIsoNamesTheField() {
        assertThatThrownBy(() -> shanghai.toDateTime("paid_at", "2026-02-30T10:00:00+08:00"))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("'paid_at'").hasMessageContaining("2026-02-30");
        assertThatThrownBy(() -> shanghai.toDateTime("paid_at", "yesterday")).isInstanceOf(InvalidRecordException.class);
    }

    /** The fast path's answer: a time, null (left to java.time), or "refused" (a value out of range). */
    private static String fastPath(LekeTimes times, String text) {
        try {
            return times.common(text);
        } catch (java.time.DateTimeException e) {
            return "refused";
        }
    }

    private static String convert(LekeTimes times, String text) {
        try {
            return times.toDateTime("t", text);
        } catch (InvalidRecordException e) {
            return "refused";
        }
    }

    /** What java.time alone makes of the text: the parsers the fast path stands in for. */
    private static String javaTime(LekeTimes times, String text) {
        try {
            return times.withJavaTime(text);
        } catch (java.time.DateTimeException e) {
            return "refused";
        }
    }
}
