package bi.ingest.normalize;

/**
 * Reads a record's value, one JSON object, into {@link ErpObject}s ({@link Utf8JsonReader} says why by hand).
 *
 * <p>The objects are not pooled across records: pooled per thread, the service ran slower in its own JVM under G1
 * (an old object pointing at each record's new strings costs write barriers and remembered-set work).
 */
public final class ErpJson {

    /**
     * The record's object.
     *
     * @throws UnparseableRecordException when the value is empty, not JSON, not an object, or has more after it
     */
    public ErpObject parseObject(byte[] value) {
        if (value == null || value.length == 0) {
            throw new UnparseableRecordException("empty record value");
        }
        return Utf8JsonReader.readObject(value);
    }
}
