-- Backfill jobs and their durable progress: windows run in order, so windows_done says where a job resumes.
CREATE TABLE backfill_job (
    id            VARCHAR(40)   NOT NULL PRIMARY KEY,
    account_id    VARCHAR(64)   NOT NULL REFERENCES erp_account (id),
    entity        VARCHAR(32)   NOT NULL,
    range_from    TIMESTAMP     NOT NULL,
    range_to      TIMESTAMP     NOT NULL,
    window_secs   BIGINT        NOT NULL,
    origin        VARCHAR(64)   NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    windows_total INT           NOT NULL,
    windows_done  INT           NOT NULL,
    records       BIGINT        NOT NULL,
    last_error    VARCHAR(1024),
    created_at    TIMESTAMP     NOT NULL,
    started_at    TIMESTAMP,
    finished_at   TIMESTAMP,
    updated_at    TIMESTAMP     NOT NULL
);
CREATE INDEX backfill_job_status ON backfill_job (status, created_at);
