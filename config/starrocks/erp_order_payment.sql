-- Order payments, newest version wins (merge_condition = modified, the order's modified time).
CREATE TABLE IF NOT EXISTS erp_order_payment (
    source       VARCHAR(16)    NOT NULL,
    account      VARCHAR(64)    NOT NULL,
    pay_id       BIGINT         NOT NULL,
    o_id         BIGINT         NOT NULL,
    outer_pay_id VARCHAR(128)   NULL,
    pay_date     DATETIME       NULL,
    amount       DECIMAL(18, 4) NULL,
    payment      VARCHAR(64)    NULL,
    status       VARCHAR(32)    NULL,
    modified     DATETIME       NOT NULL,
    event_id     BIGINT         NOT NULL
) PRIMARY KEY (source, account, pay_id)
DISTRIBUTED BY HASH (pay_id);
