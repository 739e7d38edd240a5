package bi.ingest.erp.jushuitan;

import bi.ingest.account.ErpAccount;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Business calls of the open platform for an account: within the app's rate limit (shared by every route of the
 * account), with a valid token (refreshed once when the ERP calls it expired), repeated with exponential backoff
 * and jitter on rate-limit answers and outages, behind one circuit breaker per account.
 */
public class JushuitanApi {

    private static final Logger LOG = LoggerFactory.getLogger(JushuitanApi.class);

    private final JushuitanHttp http;
    private final JushuitanTokens tokens;
    private final JushuitanProperties props;
    private final MeterRegistry meters;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final SharedRateLimiter limiter;

    public JushuitanApi(JushuitanHttp http, JushuitanTokens tokens, JushuitanProperties props, MeterRegistry meters,
                        SharedRateLimiter limiter) {
        this.limiter = limiter;
        this.http = http;
        this.tokens = tokens;
        this.props = props;
        this.meters = meters;
        JushuitanProperties.CircuitBreaker cb = props.getCircuitBreaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(cb.getFailureRateThreshold())
                .slidingWindowSize(cb.getSlidingWindowSize())
                .minimumNumberOfCalls(cb.getMinimumNumberOfCalls())
                .waitDurationInOpenState(cb.getWaitInOpenState())
                .recordExceptions(JushuitanUnavailableException.class)
                .build());
        // resilience4j_circuitbreaker_state{name=<account>,state=...}
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        JushuitanProperties.Retry r = props.getRetry();
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(r.getMaxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(r.getInitialBackoff(), r.getMultiplier(),
                        r.getRandomization(), r.getMaxBackoff()))
                .retryExceptions(JushuitanUnavailableException.class, JushuitanRateLimitedException.class)
                .build());
    }

    /** Calls {@code path} with {@code biz} (the JSON text that is signed and sent) and returns the answer's data. */
    public JsonNode call(ErpAccount account, String path, String biz) {
        return call(account, path, biz, false);
    }

    /** @param background a backfill's call: it waits while live calls of the app are waiting for the limiter */
    public JsonNode call(ErpAccount account, String path, String biz, boolean background) {
        CircuitBreaker breaker = breakers.circuitBreaker(account.id());
        Retry retry = retries.retry(account.id());
        return breaker.executeSupplier(() -> retry.executeSupplier(() -> attempt(account, path, biz, background)));
    }

    public CircuitBreaker.State breakerState(String accountId) {
        return breakers.circuitBreaker(accountId).getState();
    }

    private JsonNode attempt(ErpAccount account, String path, String biz, boolean background) {
        Sent sent = send(account, path, biz, background);
        JushuitanAnswer answer = sent.answer();
        if (answer.error() == JushuitanError.TOKEN_EXPIRED) {
            tokens.refreshAfterRejection(account, sent.token());
            answer = send(account, path, biz, background).answer();
        }
        return switch (answer.error()) {
            case NONE -> answer.data();
            case RATE_LIMITED -> throw new JushuitanRateLimitedException(account.id(), path, answer); // logged by send
            default -> throw new JushuitanRefusedException(account.id(), path, answer);
        };
    }

    /** An answer and the access token the call carried. */
    private record Sent(JushuitanAnswer answer, String token) {
    }

    private Sent send(ErpAccount account, String path, String biz, boolean background) {
        tokens.accessToken(account); // a token about to expire is refreshed now, before a slot is booked
        SharedRateLimiter.Grant grant = waitForRate(account, background);
        // and read again after the wait: a backfill's call can wait longer than a token lives, and another route or
        // instance may refresh it meanwhile (the ERP then refuses the old one)
        String accessToken = tokens.storedAccessToken(account);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("access_token", accessToken);
        params.put("version", "2");
        params.put("biz", biz);
        long sentLate = limiter.millisSince(grant.bookedAt());
        JushuitanAnswer answer = http.post(path, account.appKey(), account.appSecret(), params);
        if (answer.error() == JushuitanError.RATE_LIMITED) {
            // how late the call went after its booked time tells a stalled client from a limit kept too loosely
            LOG.warn("account={} path={} rate-limited by the ERP (code {}: {}); sent {} ms after its booked time, answered {} ms "
                    + "after it; backing off", account.id(), path, answer.code(), answer.msg(), sentLate,
                    limiter.millisSince(grant.bookedAt()));
        }
        meters.counter("bi.jushuitan.calls", "account", account.id(), "path", path, "code", Integer.toString(answer.code()))
                .increment();
        return new Sent(answer, accessToken);
    }

    private SharedRateLimiter.Grant waitForRate(ErpAccount account, boolean background) {
        // limits are the app's: accounts sharing an app key share them, on every instance; read at every call, so a
        // changed limit applies at once
        try {
            SharedRateLimiter.Grant grant = limiter.acquire(account.appKey(),
                    new int[] {props.getRateLimit().getPerSecond(), props.getRateLimit().getPerMinute()},
                    new Duration[] {Duration.ofSeconds(1), Duration.ofMinutes(1)}, props.getRateLimit().getMargin(), background);
            meters.timer("bi.jushuitan.rate-limit.wait", "account", account.id()).record(grant.waitedMillis(), TimeUnit.MILLISECONDS);
            return grant;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JushuitanUnavailableException("interrupted while waiting for the rate limit", e);
        }
    }
}
