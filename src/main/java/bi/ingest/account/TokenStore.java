package bi.ingest.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Accounts' tokens ({@code erp_account_token}). A new access token and its refresh token are written by one UPDATE,
 * so a rotated refresh token is never lost while the access token it came with is already in use.
 */
public class TokenStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CredentialCipher cipher;

    public TokenStore(JdbcTemplate jdbc, Clock clock, CredentialCipher cipher) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
    }

    public Optional<ErpToken> token(String accountId) {
        return jdbc.query("SELECT account_id, token_state, access_token, refresh_token, expires_at, refreshed_at, "
                + "last_error FROM erp_account_token WHERE account_id = ?", this::tokenRow, accountId).stream().findFirst();
    }

    public List<ErpToken> all() {
        return jdbc.query("SELECT account_id, token_state, access_token, refresh_token, expires_at, refreshed_at, "
                + "last_error FROM erp_account_token ORDER BY account_id", this::tokenRow);
    }

    /** Locks the account's token row until the caller's transaction ends (one refresh at a time, across instances). */
    public void lockToken(String accountId) {
        jdbc.queryForList("SELECT account_id FROM erp_account_token WHERE account_id = ? FOR UPDATE", accountId);
    }

    /** Stores tokens the ERP just issued (code exchange or refresh) and ends any pending authorization. */
    public void saveTokens(String accountId, String accessToken, String refreshToken, Instant expiresAt) {
        Timestamp now = Timestamp.from(clock.instant());
        int n = jdbc.update("UPDATE erp_account_token SET token_state = ?, access_token = ?, refresh_token = ?, "
                        + "expires_at = ?, refreshed_at = ?, auth_state = NULL, last_error = NULL, updated_at = ? "
                        + "WHERE account_id = ?",
                TokenState.AUTHORIZED.name(), cipher.encrypt("access_token", accessToken),
                cipher.encrypt("refresh_token", refreshToken), Timestamp.from(expiresAt), now, now, accountId);
        if (n == 0) {
            throw new AccountNotFoundException(accountId);
        }
    }

    /** The ERP refused a refresh: pulls stop until the merchant authorizes again. The tokens are dropped. */
    public void markNeedsReauthorization(String accountId, String reason) {
        jdbc.update("UPDATE erp_account_token SET token_state = ?, access_token = NULL, refresh_token = NULL, "
                        + "last_error = ?, updated_at = ? WHERE account_id = ?",
                TokenState.NEEDS_REAUTHORIZATION.name(), abbreviate(reason), Timestamp.from(clock.instant()), accountId);
    }

    /** Remembers the {@code state} nonce of an authorization just started; the callback must bring it back. */
    public void startAuthorization(String accountId, String nonce) {
        int n = jdbc.update("UPDATE erp_account_token SET auth_state = ?, updated_at = ? WHERE account_id = ?",
                nonce, Timestamp.from(clock.instant()), accountId);
        if (n == 0) {
            throw new AccountNotFoundException(accountId);
        }
    }

    public Optional<String> accountAwaiting(String nonce) {
        return jdbc.queryForList("SELECT account_id FROM erp_account_token WHERE auth_state = ?", String.class, nonce)
                .stream().findFirst();
    }

    private ErpToken tokenRow(ResultSet rs, int row) throws SQLException {
        return new ErpToken(rs.getString("account_id"), TokenState.valueOf(rs.getString("token_state")),
                cipher.decrypt("access_token", rs.getString("access_token")),
                cipher.decrypt("refresh_token", rs.getString("refresh_token")), AccountStore.instant(rs, "expires_at"),
                AccountStore.instant(rs, "refreshed_at"), rs.getString("last_error"));
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
