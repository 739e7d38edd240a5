package bi.ingest.normalize;

/**
 * A JSON document kept as the UTF-8 bytes it arrived in, for a JSON column: loaded as-is, without re-encoding
 * (the mapper has already parsed it, so it is known to be a JSON object).
 */
public record RawJson(byte[] utf8) {

    @Override
    public boolean equals(Object o) {
        return o instanceof RawJson r && java.util.Arrays.equals(r.utf8, utf8);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }
}
