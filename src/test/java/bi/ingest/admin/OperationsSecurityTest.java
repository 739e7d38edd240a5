package bi.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.TestSandboxes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Who may reach what: anonymous, viewer (reads) and admin (changes, Hawtio, Jolokia). */
class OperationsSecurityTest extends LoadPathTestSupport {

    @LocalServerPort
    int port;

    @Test
    void anonymousRequestsToTheAdminApiHawtioJolokiaAndMetricsGet401() {
        AdminClient anonymous = new AdminClient(port, null, null);
        for (String path : new String[] {"/admin/accounts", "/admin/backfills", "/actuator/hawtio/", "/actuator/hawtio/jolokia/version",
                "/actuator/jolokia/version", "/actuator/jolokia/read/java.lang:type=Memory", "/actuator/prometheus",
                "/actuator/camelroutes", "/actuator/metrics"}) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
        }
        assertThat(anonymous.call("POST", "/admin/accounts", "{}").status()).isEqualTo(401);
        assertThat(anonymous.call("POST", "/actuator/jolokia", "{\"type\":\"version\"}").status()).isEqualTo(401);
        // the probes stay open, without their details
        AdminClient.Answer health = anonymous.call("GET", "/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().has("components")).isFalse();
        assertThat(anonymous.call("GET", "/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @Test
    void aViewerReadsButChangesNothingAndHasNoJmx() {
        AdminClient viewer = new AdminClient(port, TestSandboxes.VIEWER_USER, TestSandboxes.VIEWER_PASSWORD);
        assertThat(viewer.call("GET", "/admin/accounts", null).status()).isEqualTo(200);
        assertThat(viewer.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(viewer.call("GET", "/actuator/health", null).json().has("components")).isTrue();
        assertThat(viewer.call("POST", "/admin/accounts", "{\"id\":\"x\"}").status()).isEqualTo(403);
        assertThat(viewer.call("GET", "/actuator/jolokia/version", null).status()).isEqualTo(403);
        assertThat(viewer.get("/actuator/hawtio/").status()).isEqualTo(403);
    }

    /**
     * The admin API answers on Camel's worker thread, after the servlet thread has left Spring Security's filters:
     * each of many concurrent answers arrives whole, with the security headers.
     */
    @Test
    void concurrentAdminCallsEachGetAWholeAnswerWithTheSecurityHeaders() throws Exception {
        AdminClient admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<AdminClient.Answer>> reads = new ArrayList<>();
            List<Future<AdminClient.Answer>> deletes = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                reads.add(callers.submit(() -> admin.call("GET", "/admin/accounts", null)));
                String missing = "/admin/accounts/no-such-account-" + i;
                deletes.add(callers.submit(() -> admin.call("DELETE", missing, null)));
            }
            for (Future<AdminClient.Answer> read : reads) {
                assertWholeAnswer(read.get(30, TimeUnit.SECONDS), 200);
            }
            for (Future<AdminClient.Answer> delete : deletes) {
                assertWholeAnswer(delete.get(30, TimeUnit.SECONDS), 404);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static void assertWholeAnswer(AdminClient.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().isObject() || answer.json().isArray()).as(answer.body()).isTrue();
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Cache-Control")).contains("no-store");
    }

    @Test
    void theAdminReachesJmxThroughJolokiaAndHawtio() {
        AdminClient admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
        // our MBeans (the tests' JMX names carry an identity suffix: spring.jmx.unique-names)
        AdminClient.Answer ours = admin.call("GET", "/actuator/jolokia/search/bi.ingest:*", null);
        assertThat(ours.status()).isEqualTo(200);
        assertThat(ours.body()).contains("type=LoadPath").contains("type=Backfills").contains("type=ErpAccounts");
        String loadPath = null;
        for (com.fasterxml.jackson.databind.JsonNode name : ours.json().path("value")) {
            if (name.asText().contains("type=LoadPath")) {
                loadPath = name.asText();
            }
        }
        AdminClient.Answer batches = admin.call("POST", "/actuator/jolokia",
                "{\"type\":\"read\",\"mbean\":\"" + loadPath + "\",\"attribute\":\"BatchesCommitted\"}");
        assertThat(batches.json().path("status").asInt()).as(batches.body()).isEqualTo(200);
        assertThat(batches.json().path("value").isNumber()).isTrue();
        assertThat(admin.get("/actuator/hawtio/").body()).containsIgnoringCase("hawtio");
        AdminClient wrong = new AdminClient(port, TestSandboxes.ADMIN_USER, "not-the-password");
        assertThat(wrong.call("GET", "/actuator/jolokia/version", null).status()).isEqualTo(401);
    }
}
