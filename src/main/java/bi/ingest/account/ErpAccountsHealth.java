package bi.ingest.account;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;

/**
 * {@code erpAccounts} in /actuator/health: DOWN while an enabled account needs re-authorization (its pulls have
 * stopped), with the account ids and reasons. Not part of readiness: the other accounts keep loading. The same in
 * JMX as {@code bi.ingest:type=ErpAccounts}.
 */
@ManagedResource(objectName = "bi.ingest:type=ErpAccounts", description = "ERP accounts and their authorization")
public class ErpAccountsHealth implements HealthIndicator {

    private final AccountStore accounts;
    private final TokenStore tokens;

    public ErpAccountsHealth(AccountStore accounts, TokenStore tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @ManagedAttribute(description = "Enabled accounts whose pulls stopped until the merchant authorizes again: id reason")
    public String[] getAccountsNeedingReauthorization() {
        return needing(tokensOf(enabledIds())).stream().map(t -> t.accountId() + " " + t.lastError()).sorted().toArray(String[]::new);
    }

    private Set<String> enabledIds() {
        return accounts.list().stream().filter(ErpAccount::enabled).map(ErpAccount::id).collect(Collectors.toSet());
    }

    private List<ErpToken> tokensOf(Set<String> accountIds) {
        return tokens.all().stream().filter(t -> accountIds.contains(t.accountId())).toList();
    }

    private static List<ErpToken> needing(List<ErpToken> tokens) {
        return tokens.stream().filter(t -> t.state() == TokenState.NEEDS_REAUTHORIZATION).toList();
    }

    @Override
    public Health health() {
        Set<String> enabled = enabledIds();
        List<ErpToken> ofEnabled = tokensOf(enabled);
        List<ErpToken> needing = needing(ofEnabled);
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
