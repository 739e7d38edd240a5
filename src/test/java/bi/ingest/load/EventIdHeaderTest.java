package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The event id header read in place from its bytes gives what {@code Long.parseLong} gives for its trimmed text. */
class EventIdHeaderTest {

    @Test
    void readsEveryHeaderAsLongParseLongReadsItsText() {
        Random random = new Random(20261202);
        String alphabet = "0123456789000000000 \t-+x9é";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = n % 3 == 0 ? Long.toString(random.nextLong()) : n % 3 == 1 ? Long.toString(random.nextLong() >>> 1) : s.toString();
            assertThat(BatchNormalizer.eventId(text.getBytes(StandardCharsets.UTF_8))).as("header %s", text).isEqualTo(reference(text));
        }
        for (String edge : new String[] {"9223372036854775807", "9223372036854775808", "-9223372036854775808", "09223372036854775807",
                "99999999999999999999", " 42 ", "", " ", "4 2"}) {
            assertThat(BatchNormalizer.eventId(edge.getBytes(StandardCharsets.UTF_8))).as("header %s", edge).isEqualTo(reference(edge));
        }
        assertThat(BatchNormalizer.eventId(null)).isNull();
    }

    private static Long reference(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
