package bi.ingest.normalize;

import java.util.function.Consumer;

/**
 * Turns one ERP record into rows for one or more tables. Implementations are pure: the same record always gives
 * the same rows (no clock, no random ids), so a replayed batch is byte-identical and its label still matches.
 */
public interface RecordNormalizer {

    /** @throws InvalidRecordException when the record cannot be loaded; no row of it may have been emitted then */
    void normalize(ErpRecord record, Consumer<Row> rows);
}
