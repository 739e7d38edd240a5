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
 * per field (a fifth of every byte the load path allocated, a third of its consumer threads' time in parsing);
 * here a field is two array slots, and each thread reuses its objects from one record to the next.
 */
public final class ErpJson {

    /** Pooled objects and arrays beyond these counts (a record far larger than an ERP entity) are not kept. */
    private static final int POOLED_OBJECTS = 256;
    private static final int POOLED_LIST_SIZE = 1024;

    private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);

    private final JsonFactory factory;

    public ErpJson(ObjectMapper json) {
        this.factory = json.getFactory();
    }

    /**
     * The record's object; valid until the calling thread parses its next record.
     *
     * @throws UnparseableRecordException when the value is empty, not JSON, not an object, or has more after it
     */
    public ErpObject parseObject(byte[] value) {
        if (value == null || value.length == 0) {
            throw new UnparseableRecordException("empty record value");
        }
        Pool pool = POOL.get();
        pool.reset();
        try (JsonParser p = factory.createParser(value)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new UnparseableRecordException("expected a JSON object, got " + kind(first));
            }
            ErpObject root = readObject(p, pool);
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

    private static ErpObject readObject(JsonParser p, Pool pool) throws IOException {
        ErpObject o = pool.object();
        String field;
        while ((field = p.nextFieldName()) != null) {
            o.put(field, readValue(p, p.nextToken(), pool));
        }
        return o;
    }

    private static Object readValue(JsonParser p, JsonToken t, Pool pool) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : (Object) p.getLongValue();
            // exact: through double an amount loses digits
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT -> readObject(p, pool);
            case START_ARRAY -> {
                List<Object> list = pool.list();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, e, pool));
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

    /** One thread's objects and arrays, handed out again for each record. */
    private static final class Pool {
        private final List<ErpObject> objects = new ArrayList<>();
        private final List<ArrayList<Object>> lists = new ArrayList<>();
        private int objectsUsed;
        private int listsUsed;

        void reset() {
            objectsUsed = 0;
            listsUsed = 0;
        }

        ErpObject object() {
            if (objectsUsed == objects.size()) {
                if (objectsUsed >= POOLED_OBJECTS) {
                    return new ErpObject();
                }
                objects.add(new ErpObject());
            }
            ErpObject o = objects.get(objectsUsed++);
            o.clear();
            return o;
        }

        List<Object> list() {
            if (listsUsed == lists.size()) {
                if (listsUsed >= POOLED_OBJECTS) {
                    return new ArrayList<>();
                }
                lists.add(new ArrayList<>());
            }
            ArrayList<Object> l = lists.get(listsUsed);
            if (l.size() > POOLED_LIST_SIZE) {
                l = new ArrayList<>(); // do not keep a huge array alive for the thread's life
                lists.set(listsUsed, l);
            }
            listsUsed++;
            l.clear();
            return l;
        }
    }
}
