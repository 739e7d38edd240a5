-- App secrets and tokens are stored encrypted (enc:v1:<base64 of iv + ciphertext + tag>) when bi.secrets.key is set.
ALTER TABLE erp_account ALTER COLUMN app_secret SET DATA TYPE VARCHAR(1024);
ALTER TABLE erp_account_token ALTER COLUMN access_token SET DATA TYPE VARCHAR(2048);
ALTER TABLE erp_account_token ALTER COLUMN refresh_token SET DATA TYPE VARCHAR(2048);
