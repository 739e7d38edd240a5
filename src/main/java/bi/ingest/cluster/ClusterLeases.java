package bi.ingest.cluster;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases in the state store ({@code cluster_lease}): what runs once across all instances (a scheduled pull of an
 * account and entity, a backfill job, a scheduled backfill) runs on the instance that holds its lease. A lease is
 * taken with one conditional UPDATE (the database decides who wins), renewed while its work runs (by
 * {@link #renewHeld()}, on {@code bi.cluster.lease-renewal-schedule}), released when the work ends, and expires
 * {@code ttl} after its holder died, so another instance takes the work over. Database row updates are what every instance already shares, so no other
 * coordination service is needed. Instances' clocks must agree to well within the ttl (NTP).
 */
public class ClusterLeases {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLeases.class);
    /** How long a lease lasts unless renewed ({@code bi.cluster.lease-ttl}): a holder's pause under that keeps it. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(20);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final String instance;
    private final Duration ttl;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public ClusterLeases(JdbcTemplate jdbc, Clock clock, String instance) {
        this(jdbc, clock, instance, DEFAULT_TTL);
    }

    public ClusterLeases(JdbcTemplate jdbc, Clock clock, String instance, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("bi.cluster.lease-ttl must be positive, got " + ttl);
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.instance = instance;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** This instance's name in the leases (host, process and a random part). */
    public String instance() {
        return instance;
    }

    /**
     * Claims the run of {@code name} for the trigger scheduled at {@code trigger}: true on exactly one instance per
     * trigger, and never while another instance still runs {@code name} (a long pull overlapping the next trigger).
     */
    public boolean claimTrigger(String name, Instant trigger) {
        ensureRow(name);
        Instant now = clock.instant();
        boolean won = jdbc.update("UPDATE cluster_lease SET holder = ?, lease_until = ?, last_trigger = ? WHERE name = ? "
                        + "AND (last_trigger IS NULL OR last_trigger < ?) AND (holder IS NULL OR lease_until < ?)",
                instance, ts(now.plus(ttl)), ts(trigger), name, ts(trigger), ts(now)) == 1;
        if (won) {
            held.add(name);
        }
        return won;
    }

    /** Claims a trigger that needs no lease while it runs (the work it starts is leased on its own). */
    public boolean claimTriggerOnly(String name, Instant trigger) {
        ensureRow(name);
        return jdbc.update("UPDATE cluster_lease SET last_trigger = ? WHERE name = ? AND (last_trigger IS NULL OR last_trigger < ?)",
                ts(trigger), name, ts(trigger)) == 1;
    }

    /**
     * Takes the lease of {@code name} if nobody holds it or its holder's lease expired (the holder died); a takeover
     * is logged with the time since the holder's last renewal.
     */
    public boolean take(String name) {
        ensureRow(name);
        Instant now = clock.instant();
        var before = jdbc.queryForList("SELECT holder, lease_until FROM cluster_lease WHERE name = ?", name).get(0);
        if (jdbc.update("UPDATE cluster_lease SET holder = ?, lease_until = ? WHERE name = ? "
                + "AND (holder IS NULL OR holder = ? OR lease_until < ?)", instance, ts(now.plus(ttl)), name, instance, ts(now)) == 0) {
            return false;
        }
        held.add(name);
        Object previous = before.get("holder");
        if (previous != null && !instance.equals(previous)) {
            Instant lastRenewal = ((Timestamp) before.get("lease_until")).toInstant().minus(ttl);
            LOG.warn("TAKEOVER {}: {} stopped renewing it; taken over {} ms after its last renewal", name, previous,
                    Duration.between(lastRenewal, now).toMillis());
        }
        return true;
    }

    /** Whether this instance still holds {@code name} (it may have lost it after a pause longer than the ttl). */
    public boolean holds(String name) {
        return jdbc.queryForList("SELECT 1 FROM cluster_lease WHERE name = ? AND holder = ?", name, instance).size() == 1;
    }

    public void release(String name) {
        if (name != null && held.remove(name)) {
            jdbc.update("UPDATE cluster_lease SET holder = NULL, lease_until = NULL WHERE name = ? AND holder = ?", name, instance);
        }
    }

    /** Renews every lease this instance holds (called on {@code bi.cluster.lease-renewal-schedule}). */
    public void renewHeld() {
        Instant until = clock.instant().plus(ttl);
        for (String name : held) {
            if (jdbc.update("UPDATE cluster_lease SET lease_until = ? WHERE name = ? AND holder = ?", ts(until), name, instance) == 0) {
                held.remove(name);
                LOG.warn("lease {} was taken over by another instance (this one paused longer than {}); its work there "
                        + "continues, here it stops at its next step", name, ttl);
            }
        }
    }

    private void ensureRow(String name) {
        if (jdbc.queryForList("SELECT 1 FROM cluster_lease WHERE name = ?", name).isEmpty()) {
            try {
                jdbc.update("INSERT INTO cluster_lease (name) VALUES (?)", name);
            } catch (DuplicateKeyException e) {
                // another instance inserted it at the same time
            }
        }
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }
}
