-- After-sale lines, newest version wins (merge_condition = modified, the after-sale's modified time).
CREATE TABLE IF NOT EXISTS erp_refund_item (
    source      VARCHAR(16)    NOT NULL,
    account     VARCHAR(64)    NOT NULL,
    asi_id      BIGINT         NOT NULL COMMENT 'ERP after-sale line id',
    as_id       BIGINT         NOT NULL,
    sku_id      VARCHAR(128)   NULL,
    name        VARCHAR(512)   NULL,
    item_type   VARCHAR(32)    NULL,
    qty         INT            NULL,
    amount      DECIMAL(18, 4) NULL,
    modified    DATETIME       NOT NULL,
    event_id    BIGINT         NOT NULL
) PRIMARY KEY (source, account, asi_id)
DISTRIBUTED BY HASH (asi_id);
