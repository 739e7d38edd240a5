-- One row per ERP event as it arrived on Kafka (append-only audit of what was loaded).
-- Duplicate Key: exactly-once here relies on deterministic Stream Load labels.
CREATE TABLE IF NOT EXISTS erp_raw_event (
    source          VARCHAR(16)   NOT NULL COMMENT 'jushuitan | leke',
    account         VARCHAR(64)   NOT NULL COMMENT 'bi-ingest ERP account id',
    entity          VARCHAR(32)   NOT NULL COMMENT 'orders, refunds, ...',
    business_id     VARCHAR(128)  NOT NULL COMMENT 'ERP business id (o_id for Jushuitan orders)',
    event_id        BIGINT        NOT NULL COMMENT 'Snowflake id assigned where the event entered',
    modified        DATETIME      NOT NULL COMMENT 'ERP modified time (Asia/Shanghai)',
    kafka_topic     VARCHAR(255)  NOT NULL,
    kafka_partition INT           NOT NULL,
    kafka_offset    BIGINT        NOT NULL,
    payload         JSON          NOT NULL COMMENT 'the raw ERP JSON, as received'
) DUPLICATE KEY (source, account, entity, business_id)
DISTRIBUTED BY HASH (business_id);
