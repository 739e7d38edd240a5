package bi.ingest.account;

import bi.ingest.erp.jushuitan.JushuitanProperties;
import bi.ingest.erp.jushuitan.JushuitanTokens;
import bi.ingest.normalize.JushuitanMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the admin API ({@code routes/admin-api.yaml}) and the authorization callback call. */
public class AccountAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(AccountAdmin.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final List<String> ENTITIES = List.of("orders", "refunds", "inventory", "skus");

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final CheckpointStore checkpoints;
    private final JushuitanTokens jushuitan;
    private final JushuitanProperties props;
    private final Clock clock;

    public AccountAdmin(AccountStore accounts, TokenStore tokens, CheckpointStore checkpoints, JushuitanTokens jushuitan,
                        JushuitanProperties props, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.checkpoints = checkpoints;
        this.jushuitan = jushuitan;
        this.props = props;
        this.clock = clock;
    }

    public List<AccountView> list() {
        return accounts.list().stream().map(this::view).toList();
    }

    public AccountView get(String id) {
        return view(find(id));
    }

    public AccountView create(AccountRequest r) {
        if (r == null) {
            throw new IllegalArgumentException("expected a JSON account: {\"id\", \"name\", \"appKey\", \"appSecret\", ...}");
        }
        if (r.id() == null || !ID.matcher(r.id()).matches()) {
            throw new IllegalArgumentException("id: 1-64 letters, digits, '-' or '_', starting with a letter or digit");
        }
        Instant now = clock.instant();
        ErpAccount created = accounts.create(new ErpAccount(r.id(), JushuitanMapper.SOURCE, required(r.name(), "name"),
                required(r.appKey(), "appKey"), required(r.appSecret(), "appSecret"), appType(r.appType(), AppType.SELF_BUILT),
                r.shops() == null ? List.of() : r.shops(), r.enabled() == null || r.enabled(),
                pullFrom(r.pullFrom(), now.minus(props.getPull().getInitialLookback())), now, now));
        LOG.info("account={} created (appKey={}, enabled={})", created.id(), created.appKey(), created.enabled());
        return view(created);
    }

    /** Changes what the request carries; absent fields keep their values. */
    public AccountView update(String id, AccountRequest r) {
        if (r == null) {
            throw new IllegalArgumentException("expected a JSON body with the fields to change");
        }
        ErpAccount a = find(id);
        ErpAccount updated = accounts.update(new ErpAccount(a.id(), a.source(),
                r.name() == null ? a.name() : r.name(), r.appKey() == null ? a.appKey() : r.appKey(),
                r.appSecret() == null ? a.appSecret() : r.appSecret(), appType(r.appType(), a.appType()),
                r.shops() == null ? a.shops() : r.shops(), r.enabled() == null ? a.enabled() : r.enabled(),
                pullFrom(r.pullFrom(), a.pullFrom()), a.createdAt(), a.updatedAt()));
        LOG.info("account={} updated (enabled={})", id, updated.enabled());
        return view(updated);
    }

    public AccountView disable(String id) {
        return update(id, new AccountRequest(null, null, null, null, null, null, false, null));
    }

    /** Starts an authorization: the URL the merchant opens to grant bi-ingest access. */
    public Map<String, String> authorize(String id) {
        String url = jushuitan.authorizeUrl(find(id));
        LOG.info("account={} authorization started", id);
        return Map.of("account", id, "authorizeUrl", url);
    }

    /** The ERP sent the merchant back: exchange the code for the account's tokens. */
    public Map<String, String> callback(String code, String state) {
        if (code == null || code.isBlank() || state == null || state.isBlank()) {
            throw new IllegalArgumentException("the callback needs the parameters code and state");
        }
        String id = tokens.accountAwaiting(state).orElseThrow(() -> new IllegalArgumentException(
                "unknown or used authorization state; start the authorization again (POST /admin/accounts/{id}/authorize)"));
        jushuitan.exchangeCode(find(id), code);
        return Map.of("account", id, "status", "authorized");
    }

    private ErpAccount find(String id) {
        return accounts.find(id).orElseThrow(() -> new AccountNotFoundException(id));
    }

    private AccountView view(ErpAccount a) {
        ErpToken t = tokens.token(a.id()).orElse(null);
        Map<String, Instant> pulled = new LinkedHashMap<>();
        for (String entity : ENTITIES) {
            checkpoints.pulledThrough(a.id(), entity).ifPresent(p -> pulled.put(entity, p));
        }
        return new AccountView(a.id(), a.source(), a.name(), a.appKey(), a.appType().name().toLowerCase(Locale.ROOT),
                a.shops(), a.enabled(), a.pullFrom(), t == null ? null : t.state().name(),
                t == null ? null : t.expiresAt(), t == null ? null : t.lastError(), pulled);
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static AppType appType(String value, AppType otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return AppType.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("appType: self_built or isv, got '" + value + "'");
        }
    }

    private static Instant pullFrom(String value, Instant otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("pullFrom: an ISO-8601 instant like 2026-01-01T00:00:00Z, got '" + value + "'");
        }
    }
}
