package bi.ingest.load;

/** Kafka record headers that travel with every ERP record (set where the record entered: pull, push, producer). */
public final class LoadHeaders {

    /** bi-ingest ERP account id. */
    public static final String ACCOUNT = "bi-account";
    /** Snowflake id assigned once where the event entered. */
    public static final String EVENT_ID = "bi-event-id";
    /** ERP entity, e.g. orders. */
    public static final String ENTITY = "bi-entity";
    /** When bi-ingest took the record from the ERP (ISO-8601 instant); set by pulls and pushes. */
    public static final String PULLED_AT = "bi-pulled-at";

    private LoadHeaders() {
    }
}
