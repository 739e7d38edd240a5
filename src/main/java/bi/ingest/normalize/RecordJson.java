package bi.ingest.normalize;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/** Reads a record's value as one JSON object, the way every normalizer needs it. */
public final class RecordJson {

    private RecordJson() {
    }

    /** Amounts are read as BigDecimal straight from the text: through double they lose digits (and time). */
    public static ObjectReader exactReader(ObjectMapper json) {
        return json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(JsonNodeFactory.withExactBigDecimals(true));
    }

    /** @throws UnparseableRecordException when the value is empty, not JSON, or not an object */
    public static JsonNode parseObject(ObjectReader reader, byte[] value) {
        if (value == null || value.length == 0) {
            throw new UnparseableRecordException("empty record value");
        }
        JsonNode node;
        try {
            node = reader.readTree(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UnparseableRecordException("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UnparseableRecordException("unreadable record: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new UnparseableRecordException("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        return node;
    }
}
