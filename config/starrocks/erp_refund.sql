-- After-sales (refunds), newest version wins: loads carry merge_condition = modified.
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
    event_id      BIGINT         NOT NULL
) PRIMARY KEY (source, account, as_id)
DISTRIBUTED BY HASH (as_id);
