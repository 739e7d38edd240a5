package bi.ingest.streamload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bi.ingest.sandbox.SandboxFault;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.StreamLoadSandbox.SeenRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Stream Load client against the sandbox's FE and BE (spec §1–§3, §9). */
class StreamLoadClientTest {

    private static StreamLoadSandbox sandbox;
    private static StreamLoadClient client;
    private static final StreamLoadProperties PROPS = new StreamLoadProperties();

    @BeforeAll
    static void start() throws Exception {
        sandbox = StreamLoadSandbox.start("etl", "s3cret-for-client-test", "erp", false, 0, 0);
        PROPS.setFeUrl(sandbox.feUrl());
        PROPS.setUsername("etl");
        PROPS.setPassword("s3cret-for-client-test");
        PROPS.setLabelStatePollInitial(Duration.ofMillis(100));
        PROPS.setLabelStateMaxWait(Duration.ofSeconds(10));
        // the sandbox checks a 5 MB body row by row in a test JVM that shares two cores with the suite
        PROPS.setResponseTimeout(Duration.ofSeconds(15));
        client = new StreamLoadClient(PROPS, new ObjectMapper());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        sandbox.close();
    }

    @AfterEach
    void reset() {
        sandbox.clearFaults();
        sandbox.clearSeenRequests();
        sandbox.credentials("etl", "s3cret-for-client-test");
        sandbox.backendAlive(true);
        sandbox.legacyTimingField(false);
    }

    @Test
    void followsTheRedirectToTheBeResendingCredentialsAndExpectOnEveryHop() {
        StreamLoadResponse r = client.load("erp_order_payment", "client_redirect_1", payments(1, 2), Map.of());
        assertThat(r.status()).isEqualTo("Success");
        assertThat(r.numberLoadedRows()).isEqualTo(2);
        List<SeenRequest> seen = sandbox.seenRequests();
        assertThat(seen).extracting(SeenRequest::node).containsExactly("fe", "be");
        for (SeenRequest s : seen) {
            assertThat(s.header("Authorization")).startsWith("Basic ");
            assertThat(s.header("Expect")).isEqualTo("100-continue");
            assertThat(s.header("label")).isEqualTo("client_redirect_1");
            assertThat(s.header("strip_outer_array")).isEqualTo("true");
            assertThat(s.header("strict_mode")).isEqualTo("true");
            assertThat(s.header("timeout")).isEqualTo("120");
        }
        assertThat(sandbox.table("erp_order_payment").count("account", "client-test")).isEqualTo(2);
    }

    @Test
    void aFiveMegabyteBodyIsSentOnlyToTheBe() {
        StreamLoadResponse r = client.load("erp_order_payment", "client_big_1", payments(100, 25_000), Map.of());
        assertThat(r.numberLoadedRows()).isEqualTo(25_000);
        assertThat(r.loadBytes()).isGreaterThan(5_000_000);
    }

    @Test
    void theSameLabelAgainCountsAsLoadedAndAddsNothing() {
        client.load("erp_order_payment", "client_same_label", payments(200, 3), Map.of());
        long before = sandbox.table("erp_order_payment").rowsReceived();
        StreamLoadResponse again = client.load("erp_order_payment", "client_same_label", payments(200, 3), Map.of());
        assertThat(again.status()).isEqualTo("Label Already Exists");
        assertThat(again.existingJobStatus()).isEqualTo("FINISHED");
        assertThat(sandbox.table("erp_order_payment").rowsReceived()).isEqualTo(before);
    }

    @Test
    void aRunningLabelIsResolvedByPollingItsState() {
        sandbox.inject(SandboxFault.LABEL_RUNNING, "erp_order_payment", 1, Duration.ofMillis(700));
        StreamLoadResponse r = client.load("erp_order_payment", "client_running", payments(300, 2), Map.of());
        assertThat(r.existingJobStatus()).isEqualTo("RUNNING");
        assertThat(sandbox.labelState("erp", "client_running")).isEqualTo(LoadState.VISIBLE);
        assertThat(sandbox.seenRequests()).anyMatch(s -> s.path().endsWith("get_load_state"));
    }

    @Test
    void wrongCredentialsAreFinalAndSayWhatToCheck() {
        sandbox.credentials("etl", "changed");
        assertThatThrownBy(() -> client.load("erp_order_payment", "client_auth", payments(400, 1), Map.of()))
                .isInstanceOf(FinalLoadException.class)
                .hasMessageContaining("http=401").hasMessageContaining("bi.streamload.username/password")
                .hasMessageNotContaining("s3cret");
        assertThat(sandbox.seenRequests()).extracting(SeenRequest::node).containsExactly("fe");
    }

    @Test
    void anUnknownTableIsFinalAndNamesTheDdlFile() {
        assertThatThrownBy(() -> client.load("no_such_table", "client_unknown", payments(500, 1), Map.of()))
                .isInstanceOf(FinalLoadException.class)
                .hasMessageContaining("unknown table").hasMessageContaining("config/starrocks/no_such_table.sql");
    }

    @Test
    void filteredRowsAreFinalAndCarryTheErrorUrlText() {
        String rows = "[{\"source\":\"s\",\"account\":\"client-test\",\"pay_id\":1,\"o_id\":2,\"modified\":\"2026-01-01 00:00:00\"}]";
        assertThatThrownBy(() -> client.load("erp_order_payment", "client_filtered", rows.getBytes(StandardCharsets.UTF_8), Map.of()))
                .isInstanceOf(FinalLoadException.class)
                .hasMessageContaining("too many filtered rows")
                .hasMessageContaining("NULL value in non-nullable column 'event_id'")
                .satisfies(e -> assertThat(((FinalLoadException) e).errorUrl()).contains("/api/_load_error_log?file="));
    }

    @Test
    void noBackendAliveIsRetryable() {
        sandbox.backendAlive(false);
        assertThatThrownBy(() -> client.load("erp_order_payment", "client_nobe", payments(600, 1), Map.of()))
                .isInstanceOf(RetryableLoadException.class).hasMessageContaining("No backend alive");
    }

    @Test
    void aDroppedConnectionAfterCommitIsRetryableAndTheRetryIsDeduplicated() {
        sandbox.inject(SandboxFault.RESET_AFTER_BODY, "erp_order_payment", 1, Duration.ZERO);
        assertThatThrownBy(() -> client.load("erp_order_payment", "client_reset", payments(700, 2), Map.of()))
                .isInstanceOf(RetryableLoadException.class);
        StreamLoadResponse retry = client.load("erp_order_payment", "client_reset", payments(700, 2), Map.of());
        assertThat(retry.existingJobStatus()).isEqualTo("FINISHED");
        assertThat(sandbox.table("erp_order_payment").count("account", "client-test-700")).isEqualTo(2);
    }

    @Test
    void theOldTimingFieldNameIsAccepted() {
        sandbox.legacyTimingField(true);
        StreamLoadResponse r = client.load("erp_order_payment", "client_legacy", payments(800, 1), Map.of());
        assertThat(r.planTimeMs()).isEqualTo(1);
    }

    @Test
    void mergeConditionKeepsTheNewerVersion() {
        String newer = "[{\"source\":\"s\",\"account\":\"mc\",\"pay_id\":1,\"o_id\":2,\"modified\":\"2026-02-01 00:00:00\",\"status\":\"new\",\"event_id\":1}]";
        String older = "[{\"source\":\"s\",\"account\":\"mc\",\"pay_id\":1,\"o_id\":2,\"modified\":\"2026-01-01 00:00:00\",\"status\":\"old\",\"event_id\":1}]";
        Map<String, String> mc = StreamLoadClient.headersFor("modified");
        client.load("erp_order_payment", "client_mc_new", newer.getBytes(StandardCharsets.UTF_8), mc);
        client.load("erp_order_payment", "client_mc_old", older.getBytes(StandardCharsets.UTF_8), mc);
        assertThat(sandbox.table("erp_order_payment").rows(r -> "mc".equals(r.get("account"))))
                .singleElement().satisfies(r -> assertThat(r.get("status")).isEqualTo("new"));
    }

    private static byte[] payments(int accountSuffix, int count) {
        StringBuilder sb = new StringBuilder("[");
        String account = accountSuffix == 1 ? "client-test" : "client-test-" + accountSuffix;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"source\":\"jushuitan\",\"account\":\"").append(account).append("\",\"pay_id\":").append(i)
                    .append(",\"o_id\":").append(i).append(",\"outer_pay_id\":\"outer-").append(i)
                    .append("\",\"pay_date\":\"2026-10-01 12:00:00\",\"amount\":12.5,\"payment\":\"支付宝\",\"status\":\"Confirmed\"")
                    .append(",\"modified\":\"2026-10-01 12:00:00\",\"event_id\":").append(i)
                    .append(",\"padding\":\"").append("x".repeat(100)).append("\"}");
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}
