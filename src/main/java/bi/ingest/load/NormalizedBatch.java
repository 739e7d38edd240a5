package bi.ingest.load;

import java.util.List;
import java.util.Map;

/** A partition batch after normalization: one load per table, and the records that go to the dead-letter topic. */
public record NormalizedBatch(PartitionBatch batch, List<TableLoad> loads, List<RejectedRecord> rejects,
                              Map<String, Integer> rowsPerTable) {

    // identity: Camel may hash message bodies, and hashing every record's bytes and headers is costly
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
