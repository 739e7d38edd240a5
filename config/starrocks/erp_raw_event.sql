-- One row per ERP record version as it arrived on Kafka, with the raw JSON: an audit of what was loaded.
-- Primary Key on the version (business id + ERP modified time): a version published twice (overlapping pulls, a
-- push and a pull, a crash between Kafka's acknowledgement and the idempotent repository) is still one row.
CREATE TABLE IF NOT EXISTS erp_raw_event (
    source          VARCHAR(16)   NOT NULL COMMENT 'jushuitan | leke',
    account         VARCHAR(64)   NOT NULL COMMENT 'bi-ingest ERP account id',
    entity          VARCHAR(32)   NOT NULL COMMENT 'orders, refunds, ...',
    business_id     VARCHAR(128)  NOT NULL COMMENT 'ERP business id (o_id for Jushuitan orders)',
    modified        DATETIME      NOT NULL COMMENT 'ERP modified time (Asia/Shanghai)',
    event_id        BIGINT        NOT NULL COMMENT 'Snowflake id assigned where the event entered',
    kafka_topic     VARCHAR(255)  NOT NULL,
    kafka_partition INT           NOT NULL,
    kafka_offset    BIGINT        NOT NULL,
    payload         JSON          NOT NULL COMMENT 'the raw ERP JSON, as received'
) PRIMARY KEY (source, account, entity, business_id, modified)
DISTRIBUTED BY HASH (business_id);
