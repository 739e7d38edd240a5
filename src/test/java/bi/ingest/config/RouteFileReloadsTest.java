package bi.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an edit of an operator's route file does to its running routes, through the listener the route watcher calls
 * on each change (called directly here: the file watching itself is Camel's, and {@code RouteReloadTest} runs it
 * end to end).
 */
class RouteFileReloadsTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private RouteWatcherReloadStrategy watcher;
    private Path file;

    @BeforeEach
    void startWithAFileOfRoutes() throws Exception {
        file = dir.resolve("probe.yaml");
        Files.writeString(file, probe("first", "timer:probe"));
        // no directory: nothing watches the files, so each reload is the one this test calls, as the watcher's single
        // thread would call them
        watcher = new RouteWatcherReloadStrategy();
        watcher.setRemoveAllRoutes(false);
        camel.addService(watcher);
        camel.start();
        PluginHelper.getRoutesLoader(camel).loadRoutes(PluginHelper.getResourceLoader(camel).resolveResource("file:" + file));
        RouteFileReloads.install(camel);
        assertThat(watcher.getResourceReload()).isInstanceOf(RouteFileReloads.class);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void anEditThatLoadsReplacesTheFilesRoutes() throws Exception {
        edit(probe("second", "timer:probe"));

        assertThat(running().getDescription()).isEqualTo("second");
    }

    @Test
    void anEditThatParsesButCannotBeCreatedIsRefusedAndTheLastVersionRunsAgain() throws Exception {
        assertThatThrownBy(() -> edit(probe("broken", "no-such-component:probe")))
                .hasStackTraceContaining("No endpoint could be found for: no-such-component");

        assertThat(running().getDescription()).isEqualTo("first");
    }

    @Test
    void anEditThatDoesNotParseIsRefusedAndChangesNothing() throws Exception {
        Route before = running();

        assertThatThrownBy(() -> edit(probe("broken", "timer:probe").replace("steps:", "stepz:")))
                .hasStackTraceContaining("stepz");

        assertThat(running()).isSameAs(before);
    }

    @Test
    void anEmptyFileAndUnchangedContentAreNotReloaded() throws Exception {
        Route before = running();

        edit(""); // an editor between truncating the file and writing it
        edit(probe("first", "timer:probe")); // the second event of one save

        assertThat(running()).isSameAs(before);
    }

    @Test
    void withoutItCamelLeavesNothingRunningWhenAnEditCannotBeCreated() throws Exception {
        ResourceReload camelsOwn = ((RouteFileReloads) watcher.getResourceReload()).camelReload();
        Files.writeString(file, probe("broken", "no-such-component:probe"));

        assertThatThrownBy(() -> camelsOwn.onReload(file.toString(), PluginHelper.getResourceLoader(camel)
                .resolveResource("file:" + file)));

        assertThat(camel.getRoute("probe")).isNull();
    }

    private void edit(String content) throws Exception {
        Files.writeString(file, content);
        watcher.getResourceReload().onReload(file.toString(),
                PluginHelper.getResourceLoader(camel).resolveResource("file:" + file));
    }

    /** The probe route, which must be running. */
    private Route running() {
        Route route = camel.getRoute("probe");
        assertThat(route).as("route probe").isNotNull();
        assertThat(camel.getRouteController().getRouteStatus("probe")).isEqualTo(ServiceStatus.Started);
        return route;
    }

    private static String probe(String description, String uri) {
        return """
                - route:
                    id: probe
                    description: "%s"
                    from:
                      uri: "%s"
                      parameters:
                        period: 60000
                      steps:
                        - log: "probe: %s"
                """.formatted(description, uri, description);
    }
}
