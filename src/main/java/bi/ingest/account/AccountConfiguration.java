package bi.ingest.account;

import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.erp.jushuitan.JushuitanTokens;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** ERP accounts, tokens and pull checkpoints in the service's database. */
@Configuration(proxyBeanMethods = false)
public class AccountConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccountConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CredentialCipher credentialCipher(@Value("${bi.secrets.key:}") String key) {
        CredentialCipher cipher = CredentialCipher.of(key);
        if (!cipher.encrypts()) {
            LOG.warn("bi.secrets.key (BI_SECRETS_KEY) is not set: ERP app secrets and tokens are stored unencrypted");
        }
        return cipher;
    }

    @Bean
    AccountStore accountStore(JdbcTemplate jdbc, Clock clock, CredentialCipher cipher) {
        return new AccountStore(jdbc, clock, cipher);
    }

    @Bean
    TokenStore tokenStore(JdbcTemplate jdbc, Clock clock, CredentialCipher cipher) {
        return new TokenStore(jdbc, clock, cipher);
    }

    @Bean
    AccountAdmin accountAdmin(AccountStore accounts, TokenStore tokens, CheckpointStore checkpoints,
                              JushuitanTokens jushuitan, JushuitanProperties props, Clock clock) {
        return new AccountAdmin(accounts, tokens, checkpoints, jushuitan, props, clock);
    }

    @Bean
    ErpAccountsHealth erpAccountsHealthIndicator(AccountStore accounts, TokenStore tokens) {
        return new ErpAccountsHealth(accounts, tokens);
    }

    @Bean
    CheckpointStore checkpointStore(JdbcTemplate jdbc, Clock clock) {
        return new CheckpointStore(jdbc, clock);
    }
}
