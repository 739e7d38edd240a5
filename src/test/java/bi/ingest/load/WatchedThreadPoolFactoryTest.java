package bi.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Camel's pools as the service makes them: a task that dies of an error is never silent. */
@ExtendWith(OutputCaptureExtension.class)
class WatchedThreadPoolFactoryTest {

    @Test
    void aTaskEndedByAnErrorIsLoggedWithItsThreadAndThePoolKeepsWorking(CapturedOutput output) throws Exception {
        ExecutorService pool = new WatchedThreadPoolFactory(new ConsumerDeaths(new SimpleMeterRegistry()))
                .newThreadPool(1, 1, 60, TimeUnit.SECONDS, 10, false, null, Executors.defaultThreadFactory());
        Future<?> dying = pool.submit(new Runnable() {
            @Override
            public void run() {
                throw new StackOverflowError("injected");
            }

            @Override
            public String toString() {
                return "seda consumer of backfill-runs";
            }
        });
        assertThatThrownBy(dying::get).hasCauseInstanceOf(StackOverflowError.class);
        assertThat(output.getAll()).contains("ended a task of seda consumer of backfill-runs by java.lang.StackOverflowError: injected");
        assertThat(pool.submit(() -> "still working").get()).isEqualTo("still working");
        pool.shutdown();
    }
}
