-- Several instances on one state store act as one service (issue 12).
-- cluster_lease: who runs what. A row per pull (pull:<account>:<entity>), backfill job (backfill:<id>) and scheduled
-- backfill (schedule:<name>): the instance holding it until lease_until runs it; last_trigger is the scheduled fire
-- time last claimed, so a trigger that fires on every instance runs on one.
CREATE TABLE cluster_lease (
    name         VARCHAR(200) NOT NULL PRIMARY KEY,
    holder       VARCHAR(200),
    lease_until  TIMESTAMP,
    last_trigger TIMESTAMP
);
-- erp_rate_slot: the ERP calls each app key reserved, across instances (a call waits for a time that keeps every
-- window of the app's rate limit within its number). erp_rate_app is the row a reservation locks.
CREATE TABLE erp_rate_app (
    app_key VARCHAR(64) NOT NULL PRIMARY KEY
);
CREATE TABLE erp_rate_slot (
    app_key     VARCHAR(64) NOT NULL,
    reserved_at BIGINT      NOT NULL
);
CREATE INDEX erp_rate_slot_app ON erp_rate_slot (app_key, reserved_at);
