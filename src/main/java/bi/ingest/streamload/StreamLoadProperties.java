package bi.ingest.streamload;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where and how rows are loaded into StarRocks (Stream Load over HTTP). */
@ConfigurationProperties("bi.streamload")
public class StreamLoadProperties {

    /** FE HTTP address, e.g. http://starrocks-fe:8030. The FE answers 307 to a BE; we follow it ourselves. */
    private String feUrl = "http://127.0.0.1:8030";
    /** Target database. */
    private String database = "erp";
    /** StarRocks user with INSERT on the target tables. */
    private String username = "root";
    /** Its password (from the environment or Nacos in production; never logged). */
    private String password = "";
    /** The {@code timeout} header: how long StarRocks may take for one load, in seconds (1..259200). */
    private int loadTimeoutSeconds = 120;
    /** TCP connect timeout to FE and BE. */
    private Duration connectTimeout = Duration.ofSeconds(5);
    /** How long to wait for the answer of one HTTP hop; longer than the load timeout. */
    private Duration responseTimeout = Duration.ofSeconds(150);
    /** How long the client waits for {@code 100 Continue} before sending the body anyway (spec: at least 10 s). */
    private Duration waitForContinue = Duration.ofSeconds(10);
    /** At most this many 307 hops per request (FE follower to leader to BE). */
    private int maxRedirects = 3;
    /** How long to poll get_load_state for a label that is still RUNNING before treating the load as transient. */
    private Duration labelStateMaxWait = Duration.ofSeconds(60);
    /** First pause between get_load_state polls; doubles up to 5 s. */
    private Duration labelStatePollInitial = Duration.ofSeconds(1);
    /**
     * A batch's tables load at the same time, at most this many loads at once in the whole service (1 = one after
     * another). Against a real cluster each load waits on the network and the BE, so a batch of four tables then takes
     * the time of its slowest load, not the sum. Read at start.
     */
    private int parallelLoads = 4;
    /**
     * The bodies' format. CSV (StarRocks 3.0 or newer): values as text, fields separated by byte 0x01, rows ended by
     * 0x02, the columns named in the {@code columns} header; about 40 % fewer bytes than JSON. A batch with a value
     * CSV cannot carry (one holding those bytes, or the text {@code \N}) is sent as JSON. JSON: an array of objects.
     */
    private Format format = Format.CSV;
    /** At most this many characters of the ErrorURL text go into the error. */
    private int errorLogMaxChars = 2000;
    /** Retries of transient failures: exponential backoff with jitter, inside a circuit breaker. */
    private final Retry retry = new Retry();
    private final Breaker circuitBreaker = new Breaker();

    public enum Format { CSV, JSON }

    public static class Retry {
        /** Attempts per load before the batch fails and is re-polled from the committed offsets. */
        private int maxAttempts = 30;
        private Duration initialBackoff = Duration.ofMillis(500);
        private double multiplier = 2.0;
        /** Jitter: each wait is randomized by +/- this fraction. */
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

    public static class Breaker {
        /** Failure rate (percent) over the sliding window that opens the breaker. */
        private float failureRateThreshold = 50;
        private int slidingWindowSize = 10;
        private int minimumNumberOfCalls = 5;
        /** While open, loads are not attempted; the consumer is held (no polling, nothing committed). */
        private Duration waitInOpenState = Duration.ofSeconds(10);

        public float getFailureRateThreshold() { return failureRateThreshold; }
        public void setFailureRateThreshold(float v) { this.failureRateThreshold = v; }
        public int getSlidingWindowSize() { return slidingWindowSize; }
        public void setSlidingWindowSize(int v) { this.slidingWindowSize = v; }
        public int getMinimumNumberOfCalls() { return minimumNumberOfCalls; }
        public void setMinimumNumberOfCalls(int v) { this.minimumNumberOfCalls = v; }
        public Duration getWaitInOpenState() { return waitInOpenState; }
        public void setWaitInOpenState(Duration v) { this.waitInOpenState = v; }
    }

    public String getFeUrl() { return feUrl; }
    public void setFeUrl(String feUrl) { this.feUrl = feUrl; }
    public String getDatabase() { return database; }
    public void setDatabase(String database) { this.database = database; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public int getLoadTimeoutSeconds() { return loadTimeoutSeconds; }
    public void setLoadTimeoutSeconds(int v) { this.loadTimeoutSeconds = v; }
    public Duration getConnectTimeout() { return connectTimeout; }
    public void setConnectTimeout(Duration v) { this.connectTimeout = v; }
    public Duration getResponseTimeout() { return responseTimeout; }
    public void setResponseTimeout(Duration v) { this.responseTimeout = v; }
    public Duration getWaitForContinue() { return waitForContinue; }
    public void setWaitForContinue(Duration v) { this.waitForContinue = v; }
    public int getParallelLoads() {
        return parallelLoads;
    }

    public void setParallelLoads(int parallelLoads) {
        if (parallelLoads < 1) {
            throw new IllegalArgumentException("bi.streamload.parallel-loads must be at least 1, was " + parallelLoads);
        }
        this.parallelLoads = parallelLoads;
    }

    public int getMaxRedirects() { return maxRedirects; }
    public void setMaxRedirects(int v) { this.maxRedirects = v; }
    public Duration getLabelStateMaxWait() { return labelStateMaxWait; }
    public void setLabelStateMaxWait(Duration v) { this.labelStateMaxWait = v; }
    public Duration getLabelStatePollInitial() { return labelStatePollInitial; }
    public void setLabelStatePollInitial(Duration v) { this.labelStatePollInitial = v; }
    public Format getFormat() {
        return format;
    }

    public void setFormat(Format format) {
        this.format = format;
    }

    public int getErrorLogMaxChars() { return errorLogMaxChars; }
    public void setErrorLogMaxChars(int v) { this.errorLogMaxChars = v; }
    public Retry getRetry() { return retry; }
    public Breaker getCircuitBreaker() { return circuitBreaker; }

    @Override
    public String toString() {
        return "StreamLoadProperties[feUrl=" + feUrl + ", database=" + database + ", username=" + username + ", password=****]";
    }
}
