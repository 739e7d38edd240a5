package bi.ingest.normalize;

/**
 * One column of a StarRocks table as its DDL declares it.
 *
 * @param length    VARCHAR/CHAR length in bytes (StarRocks counts UTF-8 bytes), DECIMAL precision, else 0
 * @param scale     DECIMAL scale, else 0
 */
public record Column(String name, ColumnType type, int length, int scale, boolean nullable) {

    /** STRING columns hold up to 65533 bytes unless the cluster raises the limit. */
    public static final int STRING_MAX_BYTES = 65533;
    /** JSON columns hold documents up to 16 MB. */
    public static final int JSON_MAX_BYTES = 16 * 1024 * 1024;

    public Column {
        // the mappers name columns by literals, which are interned: look-ups by name then end at the identity check
        name = name.intern();
    }

    public int maxBytes() {
        return switch (type) {
            case VARCHAR, CHAR -> length;
            case STRING -> STRING_MAX_BYTES;
            case JSON -> JSON_MAX_BYTES;
            default -> Integer.MAX_VALUE;
        };
    }
}
