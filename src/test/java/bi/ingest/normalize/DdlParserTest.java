package bi.ingest.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DdlParserTest {

    @Test
    void readsColumnsKeysAndModelsFromTheProjectDdl() {
        TableCatalog catalog = TableCatalog.fromClasspath();
        assertThat(catalog.names()).contains("erp_raw_event", "erp_order", "erp_order_item", "erp_order_payment");
        TableSchema order = catalog.table("erp_order");
        assertThat(order.isPrimaryKey()).isTrue();
        assertThat(order.keyColumns()).containsExactly("source", "account", "o_id");
        assertThat(order.column("pay_amount")).isEqualTo(new Column("pay_amount", ColumnType.DECIMAL, 18, 4, true));
        assertThat(order.column("shop_name").maxBytes()).isEqualTo(256);
        assertThat(order.column("modified").nullable()).isFalse();
        TableSchema raw = catalog.table("erp_raw_event");
        assertThat(raw.keyColumns()).containsExactly("source", "account", "entity", "business_id", "modified");
        assertThat(raw.column("payload").type()).isEqualTo(ColumnType.JSON);
        assertThat(DdlParser.parse("CREATE TABLE log (a INT NOT NULL, b JSON NULL) DUPLICATE KEY (a) DISTRIBUTED BY HASH (a);"))
                .singleElement().satisfies(t -> assertThat(t.keyModel()).isEqualTo(TableSchema.KeyModel.DUPLICATE));
    }

    @Test
    void commentsWithCommasAndParenthesesDoNotSplitColumns() {
        var tables = DdlParser.parse("""
                -- a comment (with, commas)
                CREATE TABLE IF NOT EXISTS db.t (
                    a BIGINT NOT NULL COMMENT 'x, y (z)',
                    b VARCHAR(10) NULL COMMENT 'it''s'
                ) PRIMARY KEY (a) DISTRIBUTED BY HASH (a);
                """);
        assertThat(tables).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("t");
            assertThat(t.columns()).extracting(Column::name).containsExactly("a", "b");
        });
    }
}
