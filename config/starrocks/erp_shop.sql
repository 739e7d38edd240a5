-- Shops of an account. The shops query carries no modified time: modified is when bi-ingest pulled the shop,
-- so the latest pull wins.
CREATE TABLE IF NOT EXISTS erp_shop (
    source          VARCHAR(16)   NOT NULL,
    account         VARCHAR(64)   NOT NULL,
    shop_id         BIGINT        NOT NULL,
    shop_name       VARCHAR(256)  NULL,
    short_name      VARCHAR(128)  NULL,
    shop_site       VARCHAR(64)   NULL,
    shop_url        VARCHAR(512)  NULL,
    nick            VARCHAR(256)  NULL,
    group_name      VARCHAR(128)  NULL,
    created         DATETIME      NULL,
    session_expired DATETIME      NULL,
    modified        DATETIME      NOT NULL COMMENT 'when bi-ingest pulled it (Asia/Shanghai)',
    event_id        BIGINT        NOT NULL
) PRIMARY KEY (source, account, shop_id)
DISTRIBUTED BY HASH (shop_id);
