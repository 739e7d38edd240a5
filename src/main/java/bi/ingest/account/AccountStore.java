package bi.ingest.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** ERP accounts in the service's database ({@code erp_account}, Flyway V2). */
public class AccountStore {

    private static final String COLUMNS =
            "id, source, name, app_key, app_secret, app_type, shops, enabled, pull_from, created_at, updated_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CredentialCipher cipher;

    public AccountStore(JdbcTemplate jdbc, Clock clock, CredentialCipher cipher) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
    }

    /** Creates the account and its (pending) token row. */
    @Transactional
    public ErpAccount create(ErpAccount a) {
        Timestamp now = Timestamp.from(clock.instant());
        try {
            jdbc.update("INSERT INTO erp_account (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    a.id(), a.source(), a.name(), a.appKey(), cipher.encrypt("app_secret", a.appSecret()), a.appType().name(),
                    String.join(",", a.shops()), a.enabled(), Timestamp.from(a.pullFrom()), now, now);
        } catch (DuplicateKeyException e) {
            throw new IllegalArgumentException("account '" + a.id() + "' exists already");
        }
        jdbc.update("INSERT INTO erp_account_token (account_id, token_state, updated_at) VALUES (?, ?, ?)",
                a.id(), TokenState.PENDING.name(), now);
        return find(a.id()).orElseThrow();
    }

    public Optional<ErpAccount> find(String id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM erp_account WHERE id = ?", this::account, id)
                .stream().findFirst();
    }

    public List<ErpAccount> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM erp_account ORDER BY id", this::account);
    }

    public List<ErpAccount> enabled(String source) {
        return jdbc.query("SELECT " + COLUMNS + " FROM erp_account WHERE enabled = TRUE AND source = ? ORDER BY id",
                this::account, source);
    }

    /** Replaces the updatable fields; the id and source never change. */
    public ErpAccount update(ErpAccount a) {
        int n = jdbc.update("UPDATE erp_account SET name = ?, app_key = ?, app_secret = ?, app_type = ?, shops = ?, "
                        + "enabled = ?, pull_from = ?, updated_at = ? WHERE id = ?",
                a.name(), a.appKey(), cipher.encrypt("app_secret", a.appSecret()), a.appType().name(), String.join(",", a.shops()), a.enabled(),
                Timestamp.from(a.pullFrom()), Timestamp.from(clock.instant()), a.id());
        if (n == 0) {
            throw new AccountNotFoundException(a.id());
        }
        return find(a.id()).orElseThrow();
    }

    private ErpAccount account(ResultSet rs, int row) throws SQLException {
        String shops = rs.getString("shops");
        return new ErpAccount(rs.getString("id"), rs.getString("source"), rs.getString("name"),
                rs.getString("app_key"), cipher.decrypt("app_secret", rs.getString("app_secret")), AppType.valueOf(rs.getString("app_type")),
                shops.isEmpty() ? List.of() : Arrays.asList(shops.split(",")), rs.getBoolean("enabled"),
                instant(rs, "pull_from"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
