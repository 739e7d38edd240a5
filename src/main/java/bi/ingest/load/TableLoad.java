package bi.ingest.load;

import bi.ingest.normalize.TableSchema;
import bi.ingest.streamload.LoadBody;

/** One Stream Load: a table's rows of one partition batch, as a CSV or JSON body, under a deterministic label. */
public record TableLoad(TableSchema table, String label, LoadBody body, int rows, PartitionBatch batch) {

    @Override
    public String toString() {
        return table.name() + " label=" + label + " rows=" + rows + " bytes=" + body.length();
    }
}
