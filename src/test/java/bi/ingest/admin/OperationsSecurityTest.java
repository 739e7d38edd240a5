package bi.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;

import bi.ingest.load.LoadPathTestSupport;
import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.TestSandboxes;
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
