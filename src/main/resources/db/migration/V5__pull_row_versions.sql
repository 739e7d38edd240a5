-- Row-version cursor of incremental pulls: after each page Kafka acknowledged, the ts a pull resuming there may start
-- at (past the newest ts read). A pull starts at the newest position read at least bi.jushuitan.pull.overlap before
-- the previous complete pull began, so a change committed that much later than its ts is still read.
CREATE TABLE erp_pull_row_version (
    account_id    VARCHAR(64) NOT NULL REFERENCES erp_account (id),
    entity        VARCHAR(32) NOT NULL,
    pull_started  TIMESTAMP   NOT NULL,
    read_at       TIMESTAMP   NOT NULL,
    next_ts       BIGINT      NOT NULL,
    pull_complete BOOLEAN     NOT NULL
);
CREATE INDEX erp_pull_row_version_read ON erp_pull_row_version (account_id, entity, read_at);
