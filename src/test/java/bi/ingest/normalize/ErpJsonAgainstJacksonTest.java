package bi.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ErpJson}'s hand-written reader against Jackson's parser on generated records: every kind of value, names and
 * text in and beyond ASCII, escapes, numbers of every shape, random whitespace; and the same records broken at random
 * (a byte dropped, inserted or the record cut). Both must accept the same records, with the same values in the same
 * order and types, and refuse the same ones.
 */
class ErpJsonAgainstJacksonTest {

    private static final JsonFactory JACKSON = new JsonFactory();
    private static final String[] NAMES = {"o_id", "so_id", "items", "pay_amount", "", "名称", "a\\\"b", "\\u0041x", "k😀"};
    private static final String[] TEXTS = {"", "Sent", "旗舰店 A", "杭州市 西湖区", "😀 ok", "tab\\tnew\\nline", "quote\\\"s\\\\",
            "\\u00e9\\u4e2d", "\\ud83d\\ude00", "slash\\/", "\\b\\f\\r", "x".repeat(70)};
    private static final String[] NUMBERS = {"0", "-0", "7", "-42", "123456789012345678", "999999999999999999",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890",
            "0.10", "-0.5", "3.14159", "12345678901234567.8", "1234567890123456789.01", "1e5", "1E+3", "-2.5e-7", "0.0"};
    private static final byte[] INSERTED = " {}[]:,\"\\-.0e9tfnux\n\t".getBytes(StandardCharsets.US_ASCII);

    private final ErpJson reader = new ErpJson();

    @Test
    void readsGeneratedRecordsAsJacksonDoes() {
        Random random = new Random(20261202);
        for (int n = 0; n < 3_000; n++) {
            byte[] record = object(random, 0).getBytes(StandardCharsets.UTF_8);
            Object expected = jackson(record);
            assertThat(expected).as("generated record %d is JSON: %s", n, utf8(record)).isNotInstanceOf(Refused.class);
            assertThat(ours(record)).as("record %s", utf8(record)).isEqualTo(expected);
        }
    }

    @Test
    void refusesTheBrokenRecordsJacksonRefusesAndReadsTheOthersAlike() {
        Random random = new Random(7);
        int refused = 0;
        for (int n = 0; n < 3_000; n++) {
            byte[] broken = broken(object(random, 0).getBytes(StandardCharsets.UTF_8), random);
            Object expected = jackson(broken);
            Object actual = ours(broken);
            if (expected instanceof Refused) {
                refused++;
                assertThat(actual).as("refused like Jackson: %s", utf8(broken)).isInstanceOf(Refused.class);
            } else {
                assertThat(actual).as("read like Jackson: %s", utf8(broken)).isEqualTo(expected);
            }
        }
        assertThat(refused).as("most breaks make a record unreadable").isGreaterThan(1_500);
    }

    // ---- the records

    private static String object(Random random, int depth) {
        StringBuilder s = new StringBuilder("{").append(space(random));
        int fields = random.nextInt(depth == 0 ? 12 : 5);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                s.append(',').append(space(random));
            }
            s.append('"').append(NAMES[random.nextInt(NAMES.length)]).append(random.nextInt(4)).append('"')
                    .append(space(random)).append(':').append(space(random)).append(value(random, depth + 1)).append(space(random));
        }
        return s.append('}').toString();
    }

    private static String value(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0, 1 -> '"' + TEXTS[random.nextInt(TEXTS.length)] + '"';
            case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 3 -> random.nextBoolean() ? "true" : "false";
            case 4 -> "null";
            case 5 -> object(random, depth);
            default -> {
                StringBuilder s = new StringBuilder("[").append(space(random));
                int elements = random.nextInt(4);
                for (int e = 0; e < elements; e++) {
                    s.append(e > 0 ? "," : "").append(value(random, depth + 1)).append(space(random));
                }
                yield s.append(']').toString();
            }
        };
    }

    private static String space(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            case 2 -> "\r\n";
            default -> "";
        };
    }

    /** One ASCII byte dropped or inserted, or the record cut there (multi-byte characters stay whole). */
    private static byte[] broken(byte[] record, Random random) {
        int at;
        do {
            at = random.nextInt(record.length);
        } while (record[at] < 0);
        return switch (random.nextInt(3)) {
            case 0 -> concat(record, at, at + 1, new byte[0]);
            case 1 -> concat(record, at, at, new byte[] {INSERTED[random.nextInt(INSERTED.length)]});
            default -> java.util.Arrays.copyOf(record, at);
        };
    }

    private static byte[] concat(byte[] record, int cutFrom, int cutTo, byte[] inserted) {
        byte[] out = new byte[record.length - (cutTo - cutFrom) + inserted.length];
        System.arraycopy(record, 0, out, 0, cutFrom);
        System.arraycopy(inserted, 0, out, cutFrom, inserted.length);
        System.arraycopy(record, cutTo, out, cutFrom + inserted.length, record.length - cutTo);
        return out;
    }

    // ---- both readers' values, as plain lists: fields as name-value entries in order, typed leaves

    private record Refused(String reason) {
    }

    private Object ours(byte[] record) {
        try {
            return plain(reader.parseObject(record));
        } catch (UnparseableRecordException e) {
            return new Refused(e.getMessage());
        }
    }

    private static Object plain(Object value) {
        if (value instanceof ErpObject o) {
            List<Object> fields = new ArrayList<>();
            for (int i = 0; i < o.size(); i++) {
                fields.add(Map.entry(o.name(i), String.valueOf(plain(o.value(i)))));
            }
            return fields;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ErpJsonAgainstJacksonTest::plain).map(String::valueOf).toList();
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    /** What the reader before this one made of a record with Jackson's streaming parser. */
    private static Object jackson(byte[] record) {
        try (JsonParser p = JACKSON.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Refused("not an object");
            }
            Object root = plain(jacksonObject(p));
            return p.nextToken() == null ? root : new Refused("more after the object");
        } catch (IOException | NumberFormatException e) { // the reader before let the second through: a mapper failure
            return new Refused(e.getMessage());
        }
    }

    private static ErpObject jacksonObject(JsonParser p) throws IOException {
        ErpObject o = new ErpObject();
        String field;
        while ((field = p.nextFieldName()) != null) {
            o.put(field, jacksonValue(p, p.nextToken()));
        }
        return o;
    }

    private static Object jacksonValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> jacksonObject(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(jacksonValue(p, e));
                }
                yield list;
            }
            default -> throw new IOException("unexpected " + t);
        };
    }

    private static String utf8(byte[] record) {
        return new String(record, StandardCharsets.UTF_8);
    }
}
