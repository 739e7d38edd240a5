package bi.ingest.load;

import bi.ingest.streamload.FinalLoadException;
import bi.ingest.streamload.RetryableLoadException;
import bi.ingest.streamload.StreamLoadClient;
import bi.ingest.streamload.StreamLoadProperties;
import bi.ingest.streamload.StreamLoadResponse;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link TableLoad}: transient failures are retried under the same label with exponential backoff and
 * jitter (Resilience4j Retry) inside a circuit breaker; final failures surface as {@link FinalLoadException}.
 * The consumer thread waits here, so nothing is polled or committed while StarRocks is unavailable.
 */
public class StreamLoader {

    private static final Logger LOG = LoggerFactory.getLogger(StreamLoader.class);

    private final StreamLoadClient client;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final MeterRegistry meters;
    private final LoadPathStats stats;

    public StreamLoader(StreamLoadClient client, StreamLoadProperties props, MeterRegistry meters, LoadPathStats stats) {
        this.client = client;
        this.meters = meters;
        this.stats = stats;
        StreamLoadProperties.Breaker b = props.getCircuitBreaker();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(b.getFailureRateThreshold())
                .slidingWindowSize(b.getSlidingWindowSize())
                .minimumNumberOfCalls(b.getMinimumNumberOfCalls())
                .waitDurationInOpenState(b.getWaitInOpenState())
                .recordException(e -> e instanceof RetryableLoadException)
                .build());
        // resilience4j_circuitbreaker_state{name="streamload",state=...} and its call counters
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        this.breaker = breakers.circuitBreaker("streamload");
        StreamLoadProperties.Retry r = props.getRetry();
        this.retry = Retry.of("streamload", RetryConfig.custom()
                .maxAttempts(r.getMaxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(r.getInitialBackoff(), r.getMultiplier(),
                        r.getRandomization(), r.getMaxBackoff()))
                .retryOnException(e -> e instanceof RetryableLoadException || e instanceof CallNotPermittedException)
                .build());
        retry.getEventPublisher().onRetry(e -> LOG.warn("Stream Load attempt {} failed, retrying in {} ms: {}",
                e.getNumberOfRetryAttempts(), e.getWaitInterval().toMillis(), e.getLastThrowable().getMessage()));
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("Stream Load circuit breaker {}", e.getStateTransition()));
    }

    public void load(TableLoad load) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "loaded";
        try {
            Supplier<StreamLoadResponse> attempt = CircuitBreaker.decorateSupplier(breaker,
                    () -> client.load(load.table().name(), load.label(), load.body(), loadHeaders(load)));
            StreamLoadResponse r = Retry.decorateSupplier(retry, attempt).get();
            LOG.debug("loaded {} ({})", load, r.summary());
            Counter.builder("bi.load.rows").tag("table", load.table().name()).register(meters).increment(load.rows());
            stats.loaded(load);
        } catch (FinalLoadException e) {
            outcome = "final";
            throw e;
        } catch (RuntimeException e) {
            outcome = "failed";
            throw e;
        } finally {
            sample.stop(Timer.builder("bi.streamload.duration").tag("table", load.table().name()).tag("outcome", outcome)
                    .publishPercentileHistogram().register(meters));
        }
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private static Map<String, String> loadHeaders(TableLoad load) {
        // newest wins: a Primary Key row only replaces one whose ERP modified time is not newer (spec §6)
        return StreamLoadClient.headersFor(load.table().isPrimaryKey() && load.table().indexOf("modified") >= 0 ? "modified" : null);
    }
}
