package bi.ingest.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;

/** JMX {@code bi.ingest:type=LoadPath}: what operators ask about the load path, in Hawtio or jconsole. */
@ManagedResource(objectName = "bi.ingest:type=LoadPath", description = "Loads into StarRocks")
public class LoadPathStats {

    private record LastLoad(Instant at, int rows, String label) {
    }

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final Map<String, LastLoad> lastLoads = new ConcurrentHashMap<>();
    private final LoadPathGuard guard;

    public LoadPathStats(LoadPathGuard guard) {
        this.guard = guard;
    }

    void loaded(TableLoad load) {
        lastLoads.put(load.table().name(), new LastLoad(Instant.now(), load.rows(), load.label()));
    }

    void committed(NormalizedBatch b) {
        batches.incrementAndGet();
        records.addAndGet(b.batch().size() - b.rejects().size());
        deadLettered.addAndGet(b.rejects().size());
    }

    @ManagedAttribute(description = "Partition batches committed since start")
    public long getBatchesCommitted() {
        return batches.get();
    }

    @ManagedAttribute(description = "Records loaded since start")
    public long getRecordsLoaded() {
        return records.get();
    }

    @ManagedAttribute(description = "Records parked in a dead-letter topic since start")
    public long getRecordsDeadLettered() {
        return deadLettered.get();
    }

    @ManagedAttribute(description = "Last load per table: table at rows label")
    public String[] getLastLoadPerTable() {
        List<String> out = new ArrayList<>();
        lastLoads.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.add(e.getKey() + " " + e.getValue().at() + " rows=" + e.getValue().rows() + " label=" + e.getValue().label()));
        return out.toArray(String[]::new);
    }

    @ManagedAttribute(description = "Load routes halted by a final Stream Load error (start the route to replay)")
    public String[] getHaltedRoutes() {
        return guard.haltedRoutes().toArray(String[]::new);
    }
}
