package bi.ingest.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.sandbox.TestDatabases;
import bi.ingest.sandbox.TestSandboxes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Accounts, tokens and checkpoints on every supported database (H2, PostgreSQL). */
class AccountStoresTest {

    private static final CredentialCipher CIPHER = CredentialCipher.of(TestSandboxes.SECRETS_KEY);
    private final Clock clock = Clock.systemUTC();
    private final Instant pullFrom = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void accountsAreCreatedListedUpdatedAndDisabled(String db) {
        AccountStore accounts = new AccountStore(new JdbcTemplate(TestDatabases.migrated(db)), clock, CIPHER);
        accounts.create(account("a1", true));
        accounts.create(account("a2", true));
        assertThatThrownBy(() -> accounts.create(account("a1", true))).hasMessageContaining("exists already");

        assertThat(accounts.list()).extracting(ErpAccount::id).containsExactly("a1", "a2");
        ErpAccount a1 = accounts.find("a1").orElseThrow();
        assertThat(a1.shops()).containsExactly("101", "102");
        assertThat(a1.pullFrom()).isEqualTo(pullFrom);
        assertThat(a1.toString()).doesNotContain("secret-of-a1");

        accounts.update(new ErpAccount("a2", "jushuitan", "renamed", "key-a2", "new-secret", AppType.ISV, List.of(),
                false, pullFrom, null, null));
        assertThat(accounts.find("a2").orElseThrow()).satisfies(a -> {
            assertThat(a.name()).isEqualTo("renamed");
            assertThat(a.appSecret()).isEqualTo("new-secret");
            assertThat(a.appType()).isEqualTo(AppType.ISV);
            assertThat(a.enabled()).isFalse();
        });
        assertThat(accounts.enabled("jushuitan")).extracting(ErpAccount::id).containsExactly("a1");
        assertThatThrownBy(() -> accounts.update(account("nobody", true))).isInstanceOf(AccountNotFoundException.class);
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void tokensChangeTogetherAndARefusedRefreshLeavesNoToken(String db) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.migrated(db));
        new AccountStore(jdbc, clock, CIPHER).create(account("a1", true));
        TokenStore tokens = new TokenStore(jdbc, clock, CIPHER);
        assertThat(tokens.token("a1").orElseThrow().state()).isEqualTo(TokenState.PENDING);

        tokens.startAuthorization("a1", "a1.nonce");
        assertThat(tokens.accountAwaiting("a1.nonce")).contains("a1");
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        tokens.saveTokens("a1", "access-1", "refresh-1", expires);
        ErpToken t = tokens.token("a1").orElseThrow();
        assertThat(t.state()).isEqualTo(TokenState.AUTHORIZED);
        assertThat(t.accessToken()).isEqualTo("access-1");
        assertThat(t.refreshToken()).isEqualTo("refresh-1");
        assertThat(t.expiresAt()).isEqualTo(expires);
        assertThat(t.toString()).doesNotContain("access-1").doesNotContain("refresh-1");
        assertThat(tokens.accountAwaiting("a1.nonce")).as("a state is used once").isEmpty();

        tokens.markNeedsReauthorization("a1", "refresh refused with code 150");
        ErpToken refused = tokens.token("a1").orElseThrow();
        assertThat(refused.state()).isEqualTo(TokenState.NEEDS_REAUTHORIZATION);
        assertThat(refused.accessToken()).isNull();
        assertThat(refused.refreshToken()).isNull();
        assertThat(refused.lastError()).contains("150");
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void checkpointsArePerAccountAndEntity(String db) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.migrated(db));
        new AccountStore(jdbc, clock, CIPHER).create(account("a1", true));
        CheckpointStore checkpoints = new CheckpointStore(jdbc, clock);
        assertThat(checkpoints.pulledThrough("a1", "orders")).isEmpty();
        Instant t1 = Instant.parse("2026-03-01T00:00:00Z");
        checkpoints.advance("a1", "orders", t1);
        checkpoints.advance("a1", "orders", t1.plusSeconds(60));
        assertThat(checkpoints.pulledThrough("a1", "orders")).contains(t1.plusSeconds(60));
        assertThat(checkpoints.pulledThrough("a1", "refunds")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void aRowVersionPullStartsWhereItReadOneOverlapBeforeThePreviousCompletePullBegan(String db) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.migrated(db));
        new AccountStore(jdbc, clock, CIPHER).create(account("a1", true));
        CheckpointStore checkpoints = new CheckpointStore(jdbc, clock);
        java.time.Duration overlap = java.time.Duration.ofMinutes(5);
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        assertThat(checkpoints.rowVersionStart("a1", "orders", overlap)).as("before the windows caught up").isEmpty();

        checkpoints.rowVersionRead("a1", "orders", t, t, 100, true); // where the cursor took over from the windows
        assertThat(checkpoints.rowVersionStart("a1", "orders", overlap)).as("nothing older than the overlap").contains(100L);
        // a pull at t+2m reads two pages; one at t+8m three pages
        checkpoints.rowVersionRead("a1", "orders", t.plusSeconds(120), t.plusSeconds(121), 150, false);
        checkpoints.rowVersionRead("a1", "orders", t.plusSeconds(120), t.plusSeconds(122), 180, true);
        checkpoints.rowVersionRead("a1", "orders", t.plusSeconds(480), t.plusSeconds(481), 220, false);
        checkpoints.rowVersionRead("a1", "orders", t.plusSeconds(480), t.plusSeconds(482), 260, false);
        checkpoints.rowVersionRead("a1", "orders", t.plusSeconds(480), t.plusSeconds(483), 300, true);
        // the last complete pull began at t+8m: the newest position read by t+3m is t+2m's last
        assertThat(checkpoints.rowVersionStart("a1", "orders", overlap)).contains(180L);
        assertThat(checkpoints.rowVersionStart("a1", "refunds", overlap)).isEmpty();

        // a pull killed after one page: the next one still looks back from the last complete pull
        checkpoints.rowVersionRead("a1", "orders", t.plusSeconds(900), t.plusSeconds(901), 340, false);
        assertThat(checkpoints.rowVersionStart("a1", "orders", overlap)).contains(180L);
        assertThat(jdbc.queryForObject("SELECT MIN(next_ts) FROM erp_pull_row_version", Long.class))
                .as("older positions forgotten").isEqualTo(180L);
    }

    @ParameterizedTest
    @MethodSource("bi.ingest.sandbox.TestDatabases#all")
    void appSecretsAndTokensAreEncryptedAtRest(String db) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabases.migrated(db));
        new AccountStore(jdbc, clock, CIPHER).create(account("a1", true));
        TokenStore tokens = new TokenStore(jdbc, clock, CIPHER);
        tokens.saveTokens("a1", "access-plain", "refresh-plain", Instant.now().plus(1, ChronoUnit.DAYS));

        String secret = jdbc.queryForObject("SELECT app_secret FROM erp_account WHERE id = 'a1'", String.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT access_token, refresh_token FROM erp_account_token WHERE account_id = 'a1'");
        assertThat(secret).startsWith("enc:v1:").doesNotContain("secret-of-a1");
        assertThat(row.values()).allSatisfy(v -> assertThat(v.toString()).startsWith("enc:v1:").doesNotContain("plain"));
        assertThat(new AccountStore(jdbc, clock, CIPHER).find("a1").orElseThrow().appSecret()).isEqualTo("secret-of-a1");
        assertThat(tokens.token("a1").orElseThrow().refreshToken()).isEqualTo("refresh-plain");

        // a value written before a key was configured is read as it is
        jdbc.update("UPDATE erp_account SET app_secret = 'legacy-plain' WHERE id = 'a1'");
        assertThat(new AccountStore(jdbc, clock, CIPHER).find("a1").orElseThrow().appSecret()).isEqualTo("legacy-plain");
        // a token column holding another column's ciphertext, or a different key, fails clearly
        jdbc.update("UPDATE erp_account_token SET access_token = ? WHERE account_id = 'a1'", CIPHER.encrypt("refresh_token", "x"));
        assertThatThrownBy(() -> tokens.token("a1")).hasMessageContaining("access_token does not decrypt");
        assertThatThrownBy(() -> new TokenStore(jdbc, clock, CredentialCipher.of("")).token("a1"))
                .hasMessageContaining("bi.secrets.key");
    }

    private ErpAccount account(String id, boolean enabled) {
        return new ErpAccount(id, "jushuitan", "shop " + id, "key-" + id, "secret-of-" + id, AppType.SELF_BUILT,
                List.of("101", "102"), enabled, pullFrom, null, null);
    }
}
