package bi.ingest.erp.jushuitan;

/**
 * What happens when every page of a pull's window is on Kafka: a live pull moves its checkpoint, a backfill its job.
 * Returns the next window to pull, or null when the pull is done.
 */
public interface PullProgress {

    PullWindow windowDone(EntityPull pull);

    /** The pull stopped with {@code e}; nothing after its last finished window counts as pulled. */
    default void failed(EntityPull pull, Exception e) {
    }

    /** Backfills give way to live pulls at the account's rate limiter. */
    default boolean background() {
        return false;
    }
}
