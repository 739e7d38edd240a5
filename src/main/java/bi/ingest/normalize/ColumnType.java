package bi.ingest.normalize;

/** The StarRocks column types our tables use; anything else in a DDL file is rejected when it is read. */
public enum ColumnType {
    TINYINT, SMALLINT, INT, BIGINT, LARGEINT, BOOLEAN, FLOAT, DOUBLE, DECIMAL, DATE, DATETIME, VARCHAR, CHAR, STRING, JSON;

    public static ColumnType parse(String sqlType) {
        String t = sqlType.trim().toUpperCase();
        if (t.equals("INTEGER")) {
            return INT;
        }
        if (t.startsWith("DECIMAL")) {
            return DECIMAL;
        }
        return valueOf(t);
    }

    public boolean isInteger() {
        return this == TINYINT || this == SMALLINT || this == INT || this == BIGINT || this == LARGEINT;
    }
}
