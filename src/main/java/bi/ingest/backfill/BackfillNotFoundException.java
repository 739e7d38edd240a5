package bi.ingest.backfill;

/** No backfill job has this id (the admin API answers 404). */
public class BackfillNotFoundException extends RuntimeException {

    public BackfillNotFoundException(String id) {
        super("no backfill '" + id + "'");
    }
}
