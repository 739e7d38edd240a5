package bi.ingest.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import bi.ingest.sandbox.AdminClient;
import bi.ingest.sandbox.KafkaSandbox;
import bi.ingest.sandbox.ServiceProcess;
import bi.ingest.sandbox.StreamLoadSandbox;
import bi.ingest.sandbox.TestSandboxes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator's route file in the routes directory (BI_ROUTES_DIR) is reloaded when edited, without a restart; an
 * edit that does not load (that does not parse, or that parses but cannot be created) is refused with the reason in
 * the log, and the route keeps running as it was.
 */
class RouteReloadTest {

    private static final KafkaSandbox KAFKA = TestSandboxes.kafka();
    private static final StreamLoadSandbox STREAMLOAD = TestSandboxes.streamLoad();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Process service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @Test
    void anEditedRouteFileIsLiveWithinSecondsAndABrokenEditLeavesTheOldRouteRunning() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "reload-");
        Path routes = Files.createDirectories(work.resolve("routes")).toAbsolutePath();
        Path file = routes.resolve("probe.yaml");
        Files.writeString(file, probe("first version"));
        int port = ServiceProcess.freePort();
        List<String> args = new ArrayList<>(ServiceProcess.ownTopics("reload-test"));
        args.addAll(List.of(
                "--server.port=" + port,
                "--camel.component.kafka.brokers=" + KAFKA.bootstrapServers(),
                "--camel.main.routes-include-pattern=classpath:routes/*.yaml,file:" + routes + "/*.yaml",
                "--camel.main.routes-reload-enabled=true",
                "--camel.main.routes-reload-directory=" + routes,
                "--bi.admin.password=" + TestSandboxes.ADMIN_PASSWORD,
                "--bi.load.consumer.group-id=reload-test",
                "--bi.streamload.fe-url=" + STREAMLOAD.feUrl(),
                "--bi.streamload.username=" + TestSandboxes.STREAMLOAD_USER,
                "--bi.streamload.password=" + TestSandboxes.STREAMLOAD_PASSWORD,
                "--spring.datasource.url=jdbc:h2:file:" + work.toAbsolutePath().resolve("state") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0"));
        service = ServiceProcess.start(work, "service", args);
        AdminClient admin = new AdminClient(port, TestSandboxes.ADMIN_USER, TestSandboxes.ADMIN_PASSWORD);
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> "first version".equals(description(admin)));
        // the watcher starts with the Camel context, after the routes are registered: wait until the context runs
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(work.resolve("service.log")).contains("reload probe: first version"));

        long lekeUptime = attribute(admin, "load-leke", "UptimeMillis").asLong();

        Files.writeString(file, probe("second version"));
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> "second version".equals(description(admin)));

        Files.writeString(file, probe("third version").replace("steps:", "stepz:"));
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(work.resolve("service.log")).contains("probe.yaml"));
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(work.resolve("service.log")).contains("stepz"));
        assertThat(description(admin)).isEqualTo("second version");
        assertThat(attribute(admin, "reload-probe", "State").asText()).isEqualTo("Started");

        // an edit that parses but cannot be created: Camel removes the route before it fails; the last version is put back
        Files.writeString(file, probe("fourth version").replace("timer:reload-probe", "no-such-component:reload-probe"));
        // both lines, in either order: Camel logs the cause after the service put the last version back
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(work.resolve("service.log"))
                .contains("the file's last version that loaded runs again"));
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.readString(work.resolve("service.log"))
                .contains("No endpoint could be found for: no-such-component"));
        assertThat(description(admin)).isEqualTo("second version");
        assertThat(attribute(admin, "reload-probe", "State").asText()).isEqualTo("Started");
        // the packaged routes were not touched: still running, and not restarted since the first edit
        assertThat(attribute(admin, "load-leke", "State").asText()).isEqualTo("Started");
        assertThat(attribute(admin, "load-leke", "UptimeMillis").asLong()).isGreaterThan(lekeUptime);
    }

    private static String probe(String description) {
        return """
                - route:
                    id: reload-probe
                    description: "%s"
                    from:
                      uri: "timer:reload-probe"
                      parameters:
                        period: 60000
                      steps:
                        - log: "reload probe: %s"
                """.formatted(description, description);
    }

    private static String description(AdminClient admin) throws Exception {
        return attribute(admin, "reload-probe", "Description").asText();
    }

    /** An attribute of a Camel route's MBean, read through Jolokia as Hawtio does. */
    private static JsonNode attribute(AdminClient admin, String route, String name) throws Exception {
        String request = JSON.writeValueAsString(Map.of("type", "read",
                "mbean", "org.apache.camel:context=bi-ingest,type=routes,name=\"" + route + "\"", "attribute", name));
        AdminClient.Answer a = admin.call("POST", "/actuator/jolokia", request);
        JsonNode json = a.json();
        if (json.path("status").asInt() != 200) {
            throw new IllegalStateException("jolokia: " + a.body());
        }
        return json.path("value");
    }
}
