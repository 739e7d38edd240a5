package bi.ingest.streamload;

import static org.assertj.core.api.Assertions.assertThat;

import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** Health {@code streamLoad} against a Stream Load sandbox that stops, loses its backend, and comes back. */
class StreamLoadHealthTest {

    @Test
    void healthIsDownWhileTheFeIsGoneOrHasNoBackendAndUpWhenItReturns() throws Exception {
        int fe = ServiceProcess.freePort();
        int be = ServiceProcess.freePort();
        StreamLoadProperties props = new StreamLoadProperties();
        props.setFeUrl("http://127.0.0.1:" + fe);
        props.setConnectTimeout(Duration.ofSeconds(1));
        StreamLoadHealth health = new StreamLoadHealth(props, new ObjectMapper());

        assertThat(health.health().getStatus()).as("nothing listens yet").isEqualTo(Status.DOWN);
        StreamLoadSandbox sandbox = StreamLoadSandbox.start("u", "p", "erp", true, fe, be);
        try {
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("onlineBackends", 1);
            sandbox.backendAlive(false);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsEntry("error", "no backend online");
            sandbox.backendAlive(true);
        } finally {
            sandbox.close();
        }
        assertThat(health.health().getStatus()).as("the sandbox stopped").isEqualTo(Status.DOWN);
        StreamLoadSandbox back = StreamLoadSandbox.start("u", "p", "erp", true, fe, be);
        try {
            assertThat(health.health().getStatus()).as("the sandbox is back on its port").isEqualTo(Status.UP);
        } finally {
            back.close();
        }
    }
}
