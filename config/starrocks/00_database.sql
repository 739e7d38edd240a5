-- The database bi-ingest loads into. Name it in bi.streamload.database.
CREATE DATABASE IF NOT EXISTS erp;
