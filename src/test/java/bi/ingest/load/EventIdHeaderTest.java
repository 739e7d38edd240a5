package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event id header is read from its bytes as {@code Long.parseLong} reads its trimmed text, or is null. */
class EventIdHeaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"123", " 42 ", "\t7\n", "+7", "-15", "0", "-0", "00012", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "99999999999999999999", "", " ",
            "-", "+", "1a", "a1", "1 2", "1.0", "1e3", "０１２", "١٢٣", "12٣", "é1"})
    void isReadAsParseLongReadsTheTrimmedText(String text) {
        assertThat(BatchNormalizer.eventId(text.getBytes(StandardCharsets.UTF_8))).as("\"%s\"", text).isEqualTo(parseLong(text));
    }

    @org.junit.jupiter.api.Test
    void anAbsentHeaderHasNoId() {
        assertThat(BatchNormalizer.eventId(null)).isNull();
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
