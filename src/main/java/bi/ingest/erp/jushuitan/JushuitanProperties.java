package bi.ingest.erp.jushuitan;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bi.jushuitan.*}: the Jushuitan open API, its limits, and how bi-ingest pulls from it. */
@ConfigurationProperties("bi.jushuitan")
public class JushuitanProperties {

    /** Base URL of the open API (business calls and token endpoints). */
    private String apiUrl = "https://openapi.jushuitan.com";
    /** The merchant's authorization page. */
    private String authorizeUrl = "https://openweb.jushuitan.com/auth";
    /** Path prefix of the token endpoints: /openWeb/auth in production, /openWebIsv/auth on the test host. */
    private String authPath = "/openWeb/auth";
    /** Zone of the ERP's times (modified_begin/end and every time in the answers). */
    private ZoneId timeZone = ZoneId.of("Asia/Shanghai");
    /** Refresh an access token this long before it expires (self-built apps may refresh in the last 12 hours). */
    private Duration refreshAhead = Duration.ofHours(6);
    private final RateLimit rateLimit = new RateLimit();
    private final Retry retry = new Retry();
    private final CircuitBreaker circuitBreaker = new CircuitBreaker();
    private final Pull pull = new Pull();
    private final Push push = new Push();
    /**
     * Per entity ({@code orders}, {@code refunds}), the statuses that mean the record no longer exists in the ERP: its
     * rows are loaded with {@code is_deleted = true} (the API has no delete; a voided after-sale stays, marked).
     */
    private Map<String, List<String>> deletedStatuses = new LinkedHashMap<>();

    /** Pushes the platform sends to {@code /erp/jushuitan/push/{account}/{entity}}. */
    public static class Push {
        /** A push whose timestamp is further from now than this is refused (replayed or forged). */
        private Duration timestampTolerance = Duration.ofMinutes(10);

        public Duration getTimestampTolerance() { return timestampTolerance; }
        public void setTimestampTolerance(Duration timestampTolerance) { this.timestampTolerance = timestampTolerance; }
    }

    /** The platform's per-app limits; every route of an account shares them. */
    public static class RateLimit {
        private int perSecond = 5;
        private int perMinute = 100;
        /**
         * Added to each window so calls that leave one window apart still arrive in separate windows, whatever
         * thread scheduling, pauses and the network do to them on the way (50 ms was not enough on 2 busy cores).
         */
        private Duration margin = Duration.ofMillis(150);

        public int getPerSecond() { return perSecond; }
        public void setPerSecond(int perSecond) { this.perSecond = perSecond; }
        public int getPerMinute() { return perMinute; }
        public void setPerMinute(int perMinute) { this.perMinute = perMinute; }
        public Duration getMargin() { return margin; }
        public void setMargin(Duration margin) { this.margin = margin; }
    }

    /** Retries of a call the ERP refused for its rate or could not answer: exponential backoff with jitter. */
    public static class Retry {
        private int maxAttempts = 8;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private double multiplier = 2.0;
        private double randomization = 0.5;
        private Duration maxBackoff = Duration.ofSeconds(60);

        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitialBackoff() { return initialBackoff; }
        public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
        public double getMultiplier() { return multiplier; }
        public void setMultiplier(double multiplier) { this.multiplier = multiplier; }
        public double getRandomization() { return randomization; }
        public void setRandomization(double randomization) { this.randomization = randomization; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
    }

    /** One breaker per account: an ERP that keeps failing is left alone for a while. */
    public static class CircuitBreaker {
        private float failureRateThreshold = 50;
        private int slidingWindowSize = 10;
        private int minimumNumberOfCalls = 5;
        private Duration waitInOpenState = Duration.ofSeconds(60);

        public float getFailureRateThreshold() { return failureRateThreshold; }
        public void setFailureRateThreshold(float v) { this.failureRateThreshold = v; }
        public int getSlidingWindowSize() { return slidingWindowSize; }
        public void setSlidingWindowSize(int v) { this.slidingWindowSize = v; }
        public int getMinimumNumberOfCalls() { return minimumNumberOfCalls; }
        public void setMinimumNumberOfCalls(int v) { this.minimumNumberOfCalls = v; }
        public Duration getWaitInOpenState() { return waitInOpenState; }
        public void setWaitInOpenState(Duration v) { this.waitInOpenState = v; }
    }

    /** Incremental pulls by modified time. */
    public static class Pull {
        /** Longest modified_begin..modified_end the API accepts. */
        private Duration maxWindow = Duration.ofDays(7);
        /** Each window starts this long before the previous one ended: the ERP commits late. */
        private Duration overlap = Duration.ofMinutes(5);
        /** Where a new account's first pull starts when it does not say. */
        private Duration initialLookback = Duration.ofDays(7);
        /** How long a published record version is remembered by the idempotent consumer. */
        private Duration dedupRetention = Duration.ofDays(30);
        /** Quartz cron of forgetting older versions. */
        private String housekeepingSchedule = "0 40 4 * * ?";
        /** Quartz cron per entity (orders, refunds, inventory, skus, shops). */
        private Map<String, String> schedule = new LinkedHashMap<>();

        public Duration getMaxWindow() { return maxWindow; }
        public void setMaxWindow(Duration maxWindow) { this.maxWindow = maxWindow; }
        public Duration getOverlap() { return overlap; }
        public void setOverlap(Duration overlap) { this.overlap = overlap; }
        public Duration getInitialLookback() { return initialLookback; }
        public void setInitialLookback(Duration initialLookback) { this.initialLookback = initialLookback; }
        public Map<String, String> getSchedule() { return schedule; }
        public Duration getDedupRetention() { return dedupRetention; }
        public void setDedupRetention(Duration dedupRetention) { this.dedupRetention = dedupRetention; }
        public String getHousekeepingSchedule() { return housekeepingSchedule; }
        public void setHousekeepingSchedule(String housekeepingSchedule) { this.housekeepingSchedule = housekeepingSchedule; }
        public void setSchedule(Map<String, String> schedule) { this.schedule = schedule; }
    }

    public String getApiUrl() { return apiUrl; }
    public void setApiUrl(String apiUrl) { this.apiUrl = apiUrl; }
    public String getAuthorizeUrl() { return authorizeUrl; }
    public void setAuthorizeUrl(String authorizeUrl) { this.authorizeUrl = authorizeUrl; }
    public String getAuthPath() { return authPath; }
    public void setAuthPath(String authPath) { this.authPath = authPath; }
    public ZoneId getTimeZone() { return timeZone; }
    public void setTimeZone(ZoneId timeZone) { this.timeZone = timeZone; }
    public Duration getRefreshAhead() { return refreshAhead; }
    public void setRefreshAhead(Duration refreshAhead) { this.refreshAhead = refreshAhead; }
    public RateLimit getRateLimit() { return rateLimit; }
    public Retry getRetry() { return retry; }
    public CircuitBreaker getCircuitBreaker() { return circuitBreaker; }
    public Pull getPull() { return pull; }
    public Push getPush() { return push; }
    public Map<String, List<String>> getDeletedStatuses() { return deletedStatuses; }
    public void setDeletedStatuses(Map<String, List<String>> deletedStatuses) { this.deletedStatuses = deletedStatuses; }

    /** The statuses under which a record of {@code entity} counts as deleted. */
    public Set<String> deletedStatuses(String entity) {
        return Set.copyOf(deletedStatuses.getOrDefault(entity, List.of()));
    }
}
