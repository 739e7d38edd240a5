package bi.ingest.erp.leke;

import static bi.ingest.normalize.JsonFields.longValue;
import static bi.ingest.normalize.JsonFields.text;

import bi.ingest.normalize.ErpObject;
import bi.ingest.normalize.InvalidRecordException;
import java.util.Arrays;

/**
 * The envelope of one Leke change event (spec: {@code specs/leke.md}), checked: every required field present, a
 * known type and schema version. Anything else is an {@link InvalidRecordException} naming what is wrong.
 */
record LekeEvent(String eventId, Type type, String tenantId, String occurredAt, ErpObject data) {

    /** The schema versions this build reads. */
    static final int SCHEMA_VERSION = 1;

    enum Type {
        ORDER_CREATED("order.created"), ORDER_UPDATED("order.updated"), ORDER_DELETED("order.deleted"),
        REFUND_CREATED("refund.created"), REFUND_UPDATED("refund.updated"), STOCK_CHANGED("stock.changed");

        final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        static Type of(String wireName) {
            for (Type t : values()) {
                if (t.wireName.equals(wireName)) {
                    return t;
                }
            }
            throw new InvalidRecordException("unknown event_type \"" + wireName + "\" (known: "
                    + Arrays.stream(values()).map(t -> t.wireName).toList() + ")");
        }
    }

    static LekeEvent of(ErpObject envelope) {
        String eventId = text(envelope, "event_id", true);
        if (eventId.length() > 64) {
            throw new InvalidRecordException("field 'event_id' is " + eventId.length() + " characters, more than 64");
        }
        Type type = Type.of(text(envelope, "event_type", true));
        long version = longValue(envelope, "schema_version", true);
        if (version != SCHEMA_VERSION) {
            throw new InvalidRecordException("unknown schema_version " + version + " of " + type.wireName
                    + " (this build reads version " + SCHEMA_VERSION + ")");
        }
        String tenant = text(envelope, "tenant_id", true);
        String occurredAt = text(envelope, "occurred_at", true);
        if (!(envelope.get("data") instanceof ErpObject data)) {
            throw new InvalidRecordException("field 'data' is required and must be an object");
        }
        return new LekeEvent(eventId, type, tenant, occurredAt, data);
    }
}
