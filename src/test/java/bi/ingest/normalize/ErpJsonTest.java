package bi.ingest.normalize;

import static bi.ingest.normalize.JsonFields.decimal;
import static bi.ingest.normalize.JsonFields.longValue;
import static bi.ingest.normalize.JsonFields.objects;
import static bi.ingest.normalize.JsonFields.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErpJsonTest {

    private final ErpJson json = new ErpJson();

    private ErpObject parse(String s) {
        return json.parseObject(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKindOfValueExactly() {
        ErpObject o = parse("""
                {"id": 9007199254740993, "big": 123456789012345678901234567890, "amount": 0.10, "exp": 1.5E+3,
                 "name": "旗舰店 \\"A\\"", "yes": true, "none": null, "empty": "",
                 "items": [{"n": 1}, {"n": "2"}], "nested": {"city": "杭州市"}}""");
        assertThat(o.get("id")).isEqualTo(9007199254740993L);
        assertThat(o.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(decimal(o, "amount")).isEqualTo(new BigDecimal("0.10")); // scale kept: no detour through double
        assertThat(text(o, "exp", false)).isEqualTo("1.5E+3");
        assertThat(text(o, "name", false)).isEqualTo("旗舰店 \"A\"");
        assertThat(text(o, "yes", false)).isEqualTo("true");
        assertThat(text(o, "none", false)).isNull();
        assertThat(text(o, "empty", false)).isNull();
        assertThat(objects(o, "items")).extracting(i -> longValue(i, "n", true)).containsExactly(1L, 2L);
        assertThat(text(JsonFields.object(o, "nested"), "city", false)).isEqualTo("杭州市");
        assertThat(text(JsonFields.object(o, "absent"), "city", false)).isNull();
    }

    @Test
    void aFieldGivenTwiceHasItsLastValue() {
        assertThat(text(parse("{\"status\":\"Sent\",\"status\":\"Cancelled\"}"), "status", true)).isEqualTo("Cancelled");
    }

    @Test
    void namesAreMatchedByValueNotOnlyByIdentity() {
        ErpObject o = parse("{\"so_id\":\"SO1\"}");
        assertThat(o.get(new String("so_id".toCharArray()))).isEqualTo("SO1");
    }

    @Test
    void aRecordReadAfterAnotherCarriesNothingOverFromIt() {
        parse("{\"a\":1,\"items\":[{\"x\":1},{\"x\":2}]}");
        ErpObject next = parse("{\"b\":2,\"items\":[{\"y\":3}]}");
        assertThat(next.get("a")).isNull();
        assertThat(next.size()).isEqualTo(2);
        List<ErpObject> items = objects(next, "items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("x")).isNull();
        assertThat(items.get(0).get("y")).isEqualTo(3L);
    }

    @Test
    void aRecordWithThousandsOfFieldsAndElementsIsReadWhole() {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < 5000; i++) {
            s.append("\"f").append(i).append("\":").append(i).append(',');
        }
        s.append("\"list\":[");
        for (int i = 0; i < 3000; i++) {
            s.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
        }
        s.append("]}");
        ErpObject o = parse(s.toString());
        assertThat(o.get("f4999")).isEqualTo(4999L);
        assertThat(objects(o, "list")).hasSize(3000).last().extracting(i -> i.get("i")).isEqualTo(2999L);
        assertThat(parse("{\"small\":1}").get("small")).isEqualTo(1L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1,2,3]|expected a JSON object, got array",
            "\"text\"|expected a JSON object, got string",
            "42|expected a JSON object, got number",
            "null|expected a JSON object, got null",
            "'   '|expected a JSON object, got nothing",
            "{\"a\":1} {\"b\":2}|malformed JSON: object after the object's end",
            "{\"a\":1} x|malformed JSON:",
            "{\"a\":1|malformed JSON:",
            "{\"a\":tru}|malformed JSON:",
    })
    void refusesWhatIsNotOneObject(String value, String reason) {
        assertThatThrownBy(() -> parse(value)).isInstanceOf(UnparseableRecordException.class).hasMessageStartingWith(reason);
    }

    @Test
    void refusesDeepNestingWithAClearReason() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(UnparseableRecordException.class).hasMessageContaining("malformed JSON");
    }

    /**
     * A consumer thread's stack already holds Camel's and Kafka's frames: a record nested to the limit must be read
     * (and one level more refused) without a frame per level, even on a thread with a small stack.
     */
    @Test
    void readsNestingToTheLimitAndRefusesOneLevelMoreOnASmallStack() throws Exception {
        int limit = Utf8JsonReader.MAX_DEPTH;
        int pairs = (limit - 2) / 2; // the root, pairs of an array holding an object, and an array holding 1
        String atLimit = "{\"a\":" + "[{\"b\":".repeat(pairs) + "[1]" + "}]".repeat(pairs) + "}";
        String beyond = "{\"a\":" + "[".repeat(limit) + "]".repeat(limit) + "}";
        Object[] outcome = new Object[2];
        Thread small = new Thread(null, () -> {
            try {
                outcome[0] = parse(atLimit);
                parse(beyond);
            } catch (Throwable t) {
                outcome[1] = t;
            }
        }, "small-stack", 64 * 1024);
        small.start();
        small.join();
        Object inner = outcome[0];
        int levels = 0;
        while (inner instanceof ErpObject || inner instanceof List<?>) {
            levels++;
            inner = inner instanceof ErpObject o ? o.value(0) : ((List<?>) inner).get(0);
        }
        assertThat(outcome[0]).as("read").isInstanceOf(ErpObject.class);
        assertThat(inner).isEqualTo(1L);
        assertThat(levels).isEqualTo(limit);
        assertThat((Throwable) outcome[1]).isInstanceOf(UnparseableRecordException.class)
                .hasMessage("malformed JSON: nested deeper than " + limit + " objects and arrays");
    }

    /** Names are predicted from the last object's at each position: a name that only begins or ends alike is not taken for it. */
    @Test
    void readsEachNameAsWrittenWhenTheNamesAtAPositionChange() {
        String[][] records = {
                {"ab", "x"}, {"ab", "x"}, {"abc", "x"}, {"a", "x"}, {"ab", "xy"}, {"a\\\"b", "x"}, {"a\\\"b", "x"},
                {"a", "x"}, {"ba", "x"}, {"数量", "x"}, {"数量", "x"}, {"数", "x"}};
        for (String[] names : records) {
            ErpObject o = parse("{\"" + names[0] + "\":1,\"" + names[1] + "\":{\"" + names[0] + "\":2}}");
            String first = names[0].replace("\\\"", "\"");
            assertThat(o.name(0)).isEqualTo(first);
            assertThat(o.name(1)).isEqualTo(names[1]);
            assertThat(((ErpObject) o.value(1)).name(0)).isEqualTo(first);
            assertThat(o.size()).isEqualTo(2);
        }
    }

    /** Short non-ASCII values are kept per thread while they repeat: a value that only looks alike is never given one. */
    @Test
    void readsEachShortValueAsWrittenWhileValuesRepeatAndCollide() {
        java.util.Random random = new java.util.Random(7);
        String[] alphabet = {"a", "b", "A", "0", "-", " ", "杭", "州", "浙", "é", "😀"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(n % 3 == 0 ? 30 : 6);
            for (int k = 0; k < length; k++) {
                value.append(alphabet[random.nextInt(n % 2 == 0 ? 5 : alphabet.length)]);
            }
            String text = value.toString();
            assertThat(parse("{\"v\":\"" + text + "\"}").value(0)).isEqualTo(text);
        }
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] value = {'{', '"', 'a', '"', ':', '"', (byte) 0xE6, (byte) 0x41, '"', '}'};
        assertThatThrownBy(() -> json.parseObject(value)).isInstanceOf(UnparseableRecordException.class);
    }

    @Test
    void namesTheFieldAndValueOfAWrongType() {
        ErpObject o = parse("{\"qty\":{\"n\":1},\"items\":[1],\"so\":[\"a\"]}");
        assertThatThrownBy(() -> longValue(o, "qty", false)).hasMessage("field 'qty': expected an integer, got object {\"n\":1}");
        assertThatThrownBy(() -> objects(o, "items")).hasMessage("field 'items': expected an array of objects, got number 1 in it");
        assertThatThrownBy(() -> text(o, "so", false)).hasMessage("field 'so': expected a string, got array [\"a\"]");
        assertThatThrownBy(() -> longValue(parse("{\"id\":1.5}"), "id", true)).hasMessage("field 'id': expected an integer, got number 1.5");
    }
}
