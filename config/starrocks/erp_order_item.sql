-- Upgrading from 0.1: ALTER TABLE erp_order_item ADD COLUMN line_no INT NULL;
-- Order lines, newest version wins (merge_condition = modified, the order's modified time).
CREATE TABLE IF NOT EXISTS erp_order_item (
    source           VARCHAR(16)    NOT NULL,
    account          VARCHAR(64)    NOT NULL,
    oi_id            BIGINT         NOT NULL COMMENT 'ERP order line id',
    o_id             BIGINT         NOT NULL,
    sku_id           VARCHAR(128)   NULL,
    i_id             VARCHAR(128)   NULL,
    name             VARCHAR(512)   NULL,
    properties_value VARCHAR(512)   NULL,
    qty              INT            NULL,
    price            DECIMAL(18, 4) NULL,
    amount           DECIMAL(18, 4) NULL,
    refund_status    VARCHAR(32)    NULL,
    modified         DATETIME       NOT NULL,
    event_id         BIGINT         NOT NULL,
    line_no          INT            NULL     COMMENT 'Leke line number (oi_id is derived from order_no and it)'
) PRIMARY KEY (source, account, oi_id)
DISTRIBUTED BY HASH (oi_id);
