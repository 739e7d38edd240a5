package bi.ingest.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of an operator's route files that keeps their routes running when an edit does not load.
 * <p>
 * Written by hand because Camel's route reload removes a file's running routes before it creates the new ones: an edit
 * that parses but cannot be created (an unknown component, a route without steps) would leave nothing running. Here
 * the last version of the file that loaded is loaded again, and the edit's error is still reported as Camel reports
 * it. Each change is read once: an empty file (an editor between truncating and writing it) and content already
 * loaded are not reloaded.
 */
public final class RouteFileReloads implements ResourceReload {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloads.class);

    private final CamelContext camel;
    private final ResourceReload camelReload;
    /** The content of each route file as last loaded, by absolute path. */
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    RouteFileReloads(CamelContext camel, ResourceReload camelReload) {
        this.camel = camel;
        this.camelReload = camelReload;
    }

    /** Takes over the reloads of the context's route watcher, if live reload is on. */
    public static void install(CamelContext camel) {
        RouteWatcherReloadStrategy watcher = camel.hasService(RouteWatcherReloadStrategy.class);
        if (watcher == null || watcher.getResourceReload() == null || watcher.getResourceReload() instanceof RouteFileReloads) {
            return;
        }
        RouteFileReloads reloads = new RouteFileReloads(camel, watcher.getResourceReload());
        reloads.rememberLoadedFiles();
        watcher.setResourceReload(reloads);
    }

    /** Camel's own reload, which this one calls. */
    ResourceReload camelReload() {
        return camelReload;
    }

    @Override
    public void onReload(String name, Resource resource) throws Exception {
        if (!isRouteFile(name)) {
            camelReload.onReload(name, resource);
            return;
        }
        String file = key(name);
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException gone) {
            LOG.info("route file {} was removed; its routes keep running until the service restarts", file);
            return;
        }
        if (content.length == 0) {
            LOG.info("route file {} is empty (being written?): not reloaded, its routes keep running", file);
            return;
        }
        byte[] before = loaded.get(file);
        if (Arrays.equals(content, before)) {
            LOG.debug("route file {} changed on disk but not in content: not reloaded", file);
            return;
        }
        Set<String> running = startedRoutesOf(file);
        try {
            camelReload.onReload(name, ResourceHelper.fromBytes(resource.getLocation(), content));
            loaded.put(file, content);
        } catch (Exception refused) {
            Set<String> lost = new TreeSet<>(running);
            lost.removeAll(startedRoutesOf(file));
            if (before != null && !lost.isEmpty()) {
                restore(name, resource, before, lost, refused);
            }
            throw refused;
        }
    }

    private void restore(String name, Resource resource, byte[] before, Set<String> lost, Exception refused) {
        try {
            camelReload.onReload(name, ResourceHelper.fromBytes(resource.getLocation(), before));
            LOG.warn("route file {}: the edit did not load and had stopped routes {}; the file's last version that loaded runs again",
                    key(name), lost);
        } catch (Exception e) {
            refused.addSuppressed(e);
            LOG.error("route file {}: the edit did not load, and routes {} could not be put back as they were: {}; they are not running",
                    key(name), lost, e.toString());
        }
    }

    private void rememberLoadedFiles() {
        for (Route route : camel.getRoutes()) {
            String file = fileOf(route);
            if (file != null && isRouteFile(file)) {
                try {
                    loaded.put(file, Files.readAllBytes(Path.of(file)));
                } catch (IOException e) {
                    LOG.debug("route file {} not readable: {}", file, e.toString());
                }
            }
        }
    }

    private Set<String> startedRoutesOf(String file) {
        Set<String> ids = new TreeSet<>();
        for (Route route : camel.getRoutes()) {
            if (file.equals(fileOf(route))
                    && camel.getRouteController().getRouteStatus(route.getRouteId()) == ServiceStatus.Started) {
                ids.add(route.getRouteId());
            }
        }
        return ids;
    }

    /** The absolute path of the file a route was loaded from, or null when it came from elsewhere (the classpath). */
    private static String fileOf(Route route) {
        Resource source = route.getSourceResource();
        String location = source == null ? null : source.getLocation();
        return location != null && location.startsWith("file:") ? key(location.substring("file:".length())) : null;
    }

    private static boolean isRouteFile(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static String key(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }
}
