package bi.ingest.account;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@code erpAccounts} in /actuator/health: DOWN while an enabled account needs re-authorization (its pulls have
 * stopped), with the account ids and reasons. Not part of readiness: the other accounts keep loading.
 */
public class ErpAccountsHealth implements HealthIndicator {

    private final AccountStore accounts;
    private final TokenStore tokens;

    public ErpAccountsHealth(AccountStore accounts, TokenStore tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @Override
    public Health health() {
        Set<String> enabled = accounts.list().stream().filter(ErpAccount::enabled).map(ErpAccount::id).collect(Collectors.toSet());
        List<ErpToken> ofEnabled = tokens.all().stream().filter(t -> enabled.contains(t.accountId())).toList();
        List<ErpToken> needing = ofEnabled.stream().filter(t -> t.state() == TokenState.NEEDS_REAUTHORIZATION).toList();
        long authorized = ofEnabled.stream().filter(t -> t.state() == TokenState.AUTHORIZED).count();
        Health.Builder health = needing.isEmpty() ? Health.up() : Health.down();
        health.withDetail("enabled", enabled.size()).withDetail("authorized", authorized);
        if (!needing.isEmpty()) {
            health.withDetail("needsReauthorization", needing.stream()
                    .collect(Collectors.toMap(ErpToken::accountId, t -> String.valueOf(t.lastError()))));
        }
        return health.build();
    }
}
