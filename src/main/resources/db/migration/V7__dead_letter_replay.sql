-- Dead letters sent back to their topic through the admin API (issue 14): one row per dead letter, claimed before the
-- send, so each is replayed once across instances. replayed_offset is where the replay landed; NULL while the send is
-- in flight (a claim left NULL by an instance that died may be taken again after two minutes).
CREATE TABLE dlq_replay (
    dlq_topic       VARCHAR(249) NOT NULL,
    dlq_partition   INT          NOT NULL,
    dlq_offset      BIGINT       NOT NULL,
    origin_topic    VARCHAR(249) NOT NULL,
    replayed_by     VARCHAR(128) NOT NULL,
    replayed_at     TIMESTAMP    NOT NULL,
    replayed_offset BIGINT,
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);
