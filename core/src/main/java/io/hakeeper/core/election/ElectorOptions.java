package io.hakeeper.core.election;

import java.time.Duration;

/**
 * @param lockPath         the ephemeral lock znode (e.g. {@code /hadoop-ha/ns/ActiveStandbyElectorLock})
 * @param breadcrumbPath   the persistent znode naming the last active (e.g. {@code .../ActiveBreadCrumb})
 * @param createParents    create missing parents (empty data, the client's ACL); the ZKFC requires a formatted
 *                         parent instead and passes false
 * @param lease            demote the service after {@code leaseFraction} of the session timeout without word from
 *                         ZooKeeper, before the session can expire and another node can win
 * @param leaseFraction    2/3 by default: the ZooKeeper client's own silence limit, a third of a session before expiry
 * @param rejoinBackoff    how long to wait before trying again after failing to become active (Hadoop: 1 s)
 */
public record ElectorOptions(String lockPath, String breadcrumbPath, boolean createParents, boolean lease,
                             double leaseFraction, Duration rejoinBackoff) {

    public ElectorOptions {
        if (leaseFraction <= 0 || leaseFraction >= 1) {
            throw new IllegalArgumentException("leaseFraction must be in (0, 1), got " + leaseFraction);
        }
    }

    /** Lock and breadcrumb under one parent, with the names Hadoop uses, and our defaults. */
    public static ElectorOptions hadoopLayout(String parent) {
        return new ElectorOptions(parent + "/ActiveStandbyElectorLock", parent + "/ActiveBreadCrumb", false, true,
                io.hakeeper.core.zk.SessionTracker.LEASE_FRACTION, Duration.ofSeconds(1));
    }

    public ElectorOptions withCreateParents(boolean create) {
        return new ElectorOptions(lockPath, breadcrumbPath, create, lease, leaseFraction, rejoinBackoff);
    }

    public ElectorOptions withLease(boolean on) {
        return new ElectorOptions(lockPath, breadcrumbPath, createParents, on, leaseFraction, rejoinBackoff);
    }

    public ElectorOptions withRejoinBackoff(Duration backoff) {
        return new ElectorOptions(lockPath, breadcrumbPath, createParents, lease, leaseFraction, backoff);
    }
}
