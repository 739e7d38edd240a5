package bi.ingest.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a record's value, one JSON object, into {@link ErpObject}s with Jackson's streaming parser.
 *
 * <p>Written by hand over the parser rather than Jackson's tree: the tree cost a hash-map entry and a node object
 * per field (a fifth of every byte the load path allocated); here a field is two array slots. The objects are not
 * pooled across records: pooled per thread, the service ran slower in its own JVM under G1 (an old object pointing
 * at each record's new strings costs write barriers and remembered-set work).
 */
public final class ErpJson {

    private final JsonFactory factory;

    public ErpJson(ObjectMapper json) {
        this.factory = json.getFactory();
    }

    /**
     * The record's object.
     *
     * @throws UnparseableRecordException when the value is empty, not JSON, not an object, or has more after it
     */
    public ErpObject parseObject(byte[] value) {
        if (value == null || value.length == 0) {
            throw new UnparseableRecordException("empty record value");
        }
        try (JsonParser p = factory.createParser(value)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new UnparseableRecordException("expected a JSON object, got " + kind(first));
            }
            ErpObject root = readObject(p);
            JsonToken after = p.nextToken();
            if (after != null) {
                // StarRocks would refuse the raw payload (a JSON column) and with it the whole load
                throw new UnparseableRecordException("malformed JSON: " + kind(after) + " after the object's end");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new UnparseableRecordException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UnparseableRecordException("unreadable record: " + e.getMessage(), e);
        }
    }

    private static ErpObject readObject(JsonParser p) throws IOException {
        ErpObject o = new ErpObject();
        String field;
        while ((field = p.nextFieldName()) != null) {
            o.put(field, readValue(p, p.nextToken()));
        }
        return o;
    }

    private static Object readValue(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            // exact: through double an amount loses digits
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, e));
                }
                yield list;
            }
            default -> throw new UnparseableRecordException("malformed JSON: unexpected " + t);
        };
    }

    private static String kind(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase();
        };
    }
}
