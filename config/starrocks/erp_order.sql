-- Jushuitan and Leke orders (source tells them apart; Leke's o_id is derived from order_no, kept in so_id).
-- Upgrading from 0.1: ALTER TABLE erp_order ADD COLUMN shop_code VARCHAR(64) NULL, ADD COLUMN currency VARCHAR(8) NULL,
--   ADD COLUMN total_amount DECIMAL(18, 4) NULL, ADD COLUMN discount DECIMAL(18, 4) NULL;
-- Upgrading tables created before is_deleted: ALTER TABLE erp_order ADD COLUMN is_deleted BOOLEAN NOT NULL DEFAULT "0";
-- Orders, newest version wins: loads carry merge_condition = modified. A delete is a row too (is_deleted = true,
-- modified = the delete's time), so an older version arriving later changes nothing. Query erp_order_live.
CREATE TABLE IF NOT EXISTS erp_order (
    source            VARCHAR(16)    NOT NULL,
    account           VARCHAR(64)    NOT NULL,
    o_id              BIGINT         NOT NULL COMMENT 'ERP internal order id',
    so_id             VARCHAR(128)   NULL     COMMENT 'online order number',
    shop_id           BIGINT         NULL,
    shop_name         VARCHAR(256)   NULL,
    order_type        VARCHAR(64)    NULL,
    status            VARCHAR(32)    NULL,
    order_date        DATETIME       NULL,
    pay_date          DATETIME       NULL,
    send_date         DATETIME       NULL,
    modified          DATETIME       NOT NULL,
    pay_amount        DECIMAL(18, 4) NULL,
    paid_amount       DECIMAL(18, 4) NULL,
    freight           DECIMAL(18, 4) NULL,
    buyer_id          VARCHAR(128)   NULL,
    receiver_state    VARCHAR(64)    NULL,
    receiver_city     VARCHAR(64)    NULL,
    receiver_district VARCHAR(64)    NULL,
    l_id              VARCHAR(128)   NULL     COMMENT 'tracking number',
    remark            VARCHAR(1024)  NULL,
    buyer_message     VARCHAR(1024)  NULL,
    row_version       BIGINT         NULL     COMMENT 'ERP ts',
    event_id          BIGINT         NOT NULL,
    shop_code         VARCHAR(64)    NULL     COMMENT 'Leke shop code',
    currency          VARCHAR(8)     NULL     COMMENT 'Leke: CNY unless stated',
    total_amount      DECIMAL(18, 4) NULL     COMMENT 'Leke: goods total before discount',
    discount          DECIMAL(18, 4) NULL     COMMENT 'Leke',
    is_deleted        BOOLEAN        NOT NULL DEFAULT "0" COMMENT 'deleted in the ERP as of modified'
) PRIMARY KEY (source, account, o_id)
DISTRIBUTED BY HASH (o_id);
