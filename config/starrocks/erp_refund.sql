-- Upgrading tables created before is_deleted: ALTER TABLE erp_refund ADD COLUMN is_deleted BOOLEAN NOT NULL DEFAULT "0";
-- After-sales (refunds), newest version wins: loads carry merge_condition = modified. A delete is a row too
-- (is_deleted = true, modified = the delete's time), so an older version arriving later changes nothing.
-- Query erp_refund_live.
CREATE TABLE IF NOT EXISTS erp_refund (
    source        VARCHAR(16)    NOT NULL,
    account       VARCHAR(64)    NOT NULL,
    as_id         BIGINT         NOT NULL COMMENT 'ERP after-sale id',
    o_id          BIGINT         NULL     COMMENT 'ERP order id',
    so_id         VARCHAR(128)   NULL,
    outer_as_id   VARCHAR(128)   NULL,
    shop_id       BIGINT         NULL,
    as_date       DATETIME       NULL,
    refund_type   VARCHAR(64)    NULL,
    status        VARCHAR(32)    NULL,
    good_status   VARCHAR(32)    NULL,
    question_type VARCHAR(64)    NULL,
    refund        DECIMAL(18, 4) NULL,
    payment       DECIMAL(18, 4) NULL,
    remark        VARCHAR(1024)  NULL,
    modified      DATETIME       NOT NULL,
    row_version   BIGINT         NULL     COMMENT 'ERP ts',
    event_id      BIGINT         NOT NULL,
    is_deleted    BOOLEAN        NOT NULL DEFAULT "0" COMMENT 'deleted in the ERP as of modified'
) PRIMARY KEY (source, account, as_id)
DISTRIBUTED BY HASH (as_id);
