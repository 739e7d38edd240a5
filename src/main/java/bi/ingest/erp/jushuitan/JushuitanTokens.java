package bi.ingest.erp.jushuitan;

import bi.ingest.account.ErpAccount;
import bi.ingest.account.ErpToken;
import bi.ingest.account.TokenState;
import bi.ingest.account.TokenStore;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * OAuth-style tokens of the open platform: the authorization URL, code exchange, and refresh ahead of expiry or
 * once after the ERP called the token expired. A refreshed pair is stored before the new access token is used;
 * a refused refresh marks the account "needs re-authorization" (once; its pulls stop), never a retry storm.
 * A refresh runs under the token row's lock in the state store, so of several instances (or routes) that find the
 * token expiring, one refreshes and the others take the new token: the platform rotates the refresh token, and a
 * second refresh with the old one would be refused.
 */
public class JushuitanTokens {

    private static final Logger LOG = LoggerFactory.getLogger(JushuitanTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JushuitanHttp http;
    private final TokenStore store;
    private final JushuitanProperties props;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final TransactionTemplate tx;

    public JushuitanTokens(JushuitanHttp http, TokenStore store, JushuitanProperties props, Clock clock, MeterRegistry meters,
                           TransactionTemplate tx) {
        this.tx = tx;
        this.http = http;
        this.store = store;
        this.props = props;
        this.clock = clock;
        this.meters = meters;
    }

    /** Starts an authorization: the URL to send the merchant to; the callback brings back its {@code state}. */
    public String authorizeUrl(ErpAccount account) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String state = account.id() + "." + HexFormat.of().formatHex(nonce);
        store.startAuthorization(account.id(), state);
        return http.authorizeUrl(account.appKey(), account.appSecret(), state);
    }

    /** The ERP sent the merchant back with a code: exchange it for the account's first tokens. */
    public void exchangeCode(ErpAccount account, String code) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        JushuitanAnswer answer = http.post(props.getAuthPath() + "/accessToken", account.appKey(), account.appSecret(), params);
        if (answer.code() != 0) {
            throw new JushuitanRefusedException(account.id(), "code exchange", answer);
        }
        save(account, answer.data(), "authorized");
    }

    /** A usable access token; refreshed first when it expires within {@code bi.jushuitan.refresh-ahead}. */
    public String accessToken(ErpAccount account) {
        ErpToken token = current(account);
        if (token.expiresWithin(props.getRefreshAhead(), clock.instant())) {
            return refresh(account, token.accessToken(), "expires at " + token.expiresAt());
        }
        return token.accessToken();
    }

    /**
     * The access token stored now, without refreshing it: what a call sends after waiting for the rate limiter, since
     * another route or instance may have refreshed the token during the wait (the ERP then refuses the old one).
     */
    public String storedAccessToken(ErpAccount account) {
        return current(account).accessToken();
    }

    /** The ERP called {@code rejected} expired: refresh once (unless another call refreshed it meanwhile). */
    public String refreshAfterRejection(ErpAccount account, String rejected) {
        return refresh(account, rejected, "the ERP answered token expired");
    }

    private String refresh(ErpAccount account, String stale, String why) {
        // this instance's routes queue here; instances queue on the row lock
        ReentrantLock lock = locks.computeIfAbsent(account.id(), id -> new ReentrantLock());
        lock.lock();
        try {
            Object outcome = tx.execute(status -> refreshLocked(account, stale, why));
            if (outcome instanceof RuntimeException refused) {
                throw refused; // after the commit: "needs re-authorization" is stored
            }
            return (String) outcome;
        } finally {
            lock.unlock();
        }
    }

    /** The new (or meanwhile refreshed) access token, or the exception to throw once the transaction committed. */
    private Object refreshLocked(ErpAccount account, String stale, String why) {
        store.lockToken(account.id());
        ErpToken token = current(account);
        if (!token.accessToken().equals(stale)) {
            return token.accessToken(); // another route or instance refreshed it while we waited
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "refresh_token");
        params.put("refresh_token", token.refreshToken());
        params.put("scope", "all");
        JushuitanAnswer answer = http.post(props.getAuthPath() + "/refreshToken", account.appKey(), account.appSecret(), params);
        if (answer.code() != 0) {
            if (answer.error() == JushuitanError.RATE_LIMITED) {
                throw new JushuitanRateLimitedException(account.id(), "refreshToken", answer);
            }
            String reason = "refresh refused with code " + answer.code() + " (" + answer.msg() + ")";
            store.markNeedsReauthorization(account.id(), reason);
            meters.counter("bi.jushuitan.token.refreshes", "account", account.id(), "outcome", "refused").increment();
            LOG.error("account={} ACCOUNT NEEDS RE-AUTHORIZATION: {}; its pulls stop until the merchant authorizes "
                    + "again (POST /admin/accounts/{}/authorize)", account.id(), reason, account.id());
            return new NeedsReauthorizationException(account.id(), reason);
        }
        String access = save(account, answer.data(), "refreshed (" + why + ")");
        meters.counter("bi.jushuitan.token.refreshes", "account", account.id(), "outcome", "refreshed").increment();
        return access;
    }

    private ErpToken current(ErpAccount account) {
        ErpToken token = store.token(account.id())
                .orElseThrow(() -> new NeedsReauthorizationException(account.id(), "no token row"));
        if (token.state() != TokenState.AUTHORIZED || token.accessToken() == null) {
            throw new NeedsReauthorizationException(account.id(), "token state " + token.state());
        }
        return token;
    }

    private String save(ErpAccount account, JsonNode data, String what) {
        String access = data.path("access_token").asText("");
        String refresh = data.path("refresh_token").asText("");
        long expiresIn = data.path("expires_in").asLong(0);
        if (access.isEmpty() || refresh.isEmpty() || expiresIn <= 0) {
            throw new JushuitanUnavailableException("account " + account.id() + ": token answer without access_token, "
                    + "refresh_token or expires_in", null);
        }
        Instant expiresAt = clock.instant().plusSeconds(expiresIn);
        store.saveTokens(account.id(), access, refresh, expiresAt); // before the new access token is used
        LOG.info("account={} token {}; expires_at={}", account.id(), what, expiresAt);
        return access;
    }
}
