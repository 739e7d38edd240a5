-- ERP accounts, their tokens and pull checkpoints; the idempotent repository of the pulls.
-- Times are UTC instants in TIMESTAMP columns (the JVM reads them back through java.sql.Timestamp).
CREATE TABLE erp_account (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    source      VARCHAR(16)   NOT NULL,
    name        VARCHAR(256)  NOT NULL,
    app_key     VARCHAR(128)  NOT NULL,
    app_secret  VARCHAR(256)  NOT NULL,
    app_type    VARCHAR(16)   NOT NULL,
    shops       VARCHAR(2048) NOT NULL,
    enabled     BOOLEAN       NOT NULL,
    pull_from   TIMESTAMP     NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    updated_at  TIMESTAMP     NOT NULL
);

-- One row per account; access and refresh token always change together in one statement.
CREATE TABLE erp_account_token (
    account_id    VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES erp_account (id),
    token_state   VARCHAR(32)   NOT NULL,
    access_token  VARCHAR(512),
    refresh_token VARCHAR(512),
    expires_at    TIMESTAMP,
    refreshed_at  TIMESTAMP,
    auth_state    VARCHAR(64),
    last_error    VARCHAR(1024),
    updated_at    TIMESTAMP     NOT NULL
);
CREATE UNIQUE INDEX erp_account_token_auth_state ON erp_account_token (auth_state);

-- How far each account's entity has been pulled and acknowledged by Kafka.
CREATE TABLE erp_pull_checkpoint (
    account_id     VARCHAR(64) NOT NULL REFERENCES erp_account (id),
    entity         VARCHAR(32) NOT NULL,
    pulled_through TIMESTAMP   NOT NULL,
    updated_at     TIMESTAMP   NOT NULL,
    PRIMARY KEY (account_id, entity)
);

-- Camel's JdbcMessageIdRepository: record versions already published (overlapping windows pull them twice).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(100) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);
