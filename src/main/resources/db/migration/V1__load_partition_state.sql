-- Per flow and Kafka partition: how far rows are loaded into StarRocks, and the batch being loaded right now.
-- loaded_through survives a consumer-group reset, so replayed records are recognised and not loaded twice;
-- plan_first/plan_last make a replay after a crash cut the interrupted batch again (same labels).
CREATE TABLE load_partition_state (
    flow            VARCHAR(64)  NOT NULL,
    topic           VARCHAR(255) NOT NULL,
    kafka_partition INT          NOT NULL,
    loaded_through  BIGINT       NOT NULL,
    plan_first      BIGINT,
    plan_last       BIGINT,
    updated_at      TIMESTAMP    NOT NULL,
    PRIMARY KEY (flow, topic, kafka_partition)
);
