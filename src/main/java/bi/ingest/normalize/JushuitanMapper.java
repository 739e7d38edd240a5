package bi.ingest.normalize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What every Jushuitan entity's normalizer shares: parse the raw record, check its headers, write the
 * {@code erp_raw_event} row, and emit the entity's rows only when every one of them is valid.
 */
public abstract class JushuitanMapper implements RecordNormalizer {

    public static final String SOURCE = "jushuitan";

    /** What the entity's rows are built from besides the JSON. */
    protected record Context(ErpRecord record, String account, String businessId, String modified) {
        Long eventId() {
            return record.eventId();
        }
    }

    private final ErpJson json;
    private final TableSchema rawEvents;

    protected JushuitanMapper(TableCatalog catalog) {
        this.json = new ErpJson();
        this.rawEvents = catalog.table("erp_raw_event");
    }

    /** The business id (the Kafka key and raw event's business_id); throws when missing or malformed. */
    protected abstract String businessId(ErpObject record);

    /** The version time that decides which row wins ({@code modified}); throws when missing or malformed. */
    protected abstract String modified(ErpObject record, ErpRecord raw);

    protected abstract void rows(ErpObject record, Context c, List<Row> out);

    @Override
    public final void normalize(ErpRecord record, Consumer<Row> sink) {
        ErpObject node = json.parseObject(record.value());
        String account = requireHeader(record.account(), "bi-account");
        if (record.eventId() == null) {
            throw new InvalidRecordException("record header bi-event-id is missing or not a number");
        }
        Context c = new Context(record, account, businessId(node), modified(node, record));
        List<Row> rows = new ArrayList<>(8); // all or nothing: emit only when every row of the record is valid
        rows.add(rawEvent(c));
        rows(node, c, rows);
        rows.forEach(sink);
    }

    /** Starts a row of {@code table} with the columns every entity table shares. */
    protected static RowBuilder row(TableSchema table, Context c) {
        return new RowBuilder(table).set("source", SOURCE).set("account", c.account())
                .set("modified", c.modified()).set("event_id", c.eventId());
    }

    private Row rawEvent(Context c) {
        ErpRecord r = c.record();
        return new RowBuilder(rawEvents)
                .set("source", SOURCE).set("account", c.account()).set("entity", r.entity())
                .set("business_id", c.businessId()).set("event_id", r.eventId()).set("modified", c.modified())
                .set("kafka_topic", r.topic()).set("kafka_partition", r.partition()).set("kafka_offset", r.offset())
                .set("payload", new RawJson(r.value()))
                .build();
    }

    private static String requireHeader(String value, String header) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException("record header " + header + " is missing");
        }
        return value;
    }
}
