-- SKUs, newest version wins.
CREATE TABLE IF NOT EXISTS erp_sku (
    source           VARCHAR(16)    NOT NULL,
    account          VARCHAR(64)    NOT NULL,
    sku_id           VARCHAR(128)   NOT NULL,
    i_id             VARCHAR(128)   NULL,
    name             VARCHAR(512)   NULL,
    properties_value VARCHAR(512)   NULL,
    category         VARCHAR(128)   NULL,
    brand            VARCHAR(128)   NULL,
    sale_price       DECIMAL(18, 4) NULL,
    cost_price       DECIMAL(18, 4) NULL,
    weight           DECIMAL(18, 4) NULL,
    enabled          INT            NULL,
    created          DATETIME       NULL,
    modified         DATETIME       NOT NULL,
    event_id         BIGINT         NOT NULL
) PRIMARY KEY (source, account, sku_id)
DISTRIBUTED BY HASH (sku_id);
