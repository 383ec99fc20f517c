package io.hakeeper.core.election;

import java.time.Duration;

/**
 * @param lockPath         the ephemeral lock znode (e.g. {@code /hadoop-ha/ns/ActiveStandbyElectorLock})
 * @param breadcrumbPath   the persistent znode naming the last active (e.g. {@code .../ActiveBreadCrumb}); null for an
 *                         election without one (HBase's masters): nobody is fenced, the epoch alone fences writes
 * @param epochPath        the fencing epoch: a persistent znode nothing deletes in normal operation, set by every new
 *                         term, so its version only grows and a term's check never passes again ({@link Term})
 * @param createParents    create missing parents (empty data, the client's ACL); the ZKFC requires a formatted
 *                         parent instead and passes false
 * @param lease            demote the service after {@code leaseFraction} of the session timeout without word from
 *                         ZooKeeper, before the session can expire and another node can win
 * @param leaseFraction    2/3 by default: the ZooKeeper client's own silence limit, a third of a session before expiry
 * @param rejoinBackoff    how long to wait before trying again after failing to become active (Hadoop: 1 s)
 * @param epochStyle       how a term begins and what the epoch znode holds
 */
public record ElectorOptions(String lockPath, String breadcrumbPath, String epochPath, boolean createParents, boolean lease,
                             double leaseFraction, Duration rejoinBackoff, EpochStyle epochStyle) {

    /** How a term begins, and so what its token is. */
    public enum EpochStyle {
        /**
         * Take the lock, then begin the term in a multi of its own (lock checked, breadcrumb written, epoch znode set
         * to the holder's data). The token is that multi's zxid. Hadoop's and HBase's layouts: their own readers
         * ignore the epoch znode.
         */
        ZXID,
        /**
         * Kafka's controller election (KafkaZkClient.registerControllerAndIncrementControllerEpoch): the lock is
         * created and the epoch znode, a decimal counter, set to counter + 1 at the version read, in one multi. The
         * token is the counter: Kafka's controller epoch, which Kafka's own code reads from the same znode.
         */
        COUNTER
    }

    public ElectorOptions {
        if (leaseFraction <= 0 || leaseFraction >= 1) {
            throw new IllegalArgumentException("leaseFraction must be in (0, 1), got " + leaseFraction);
        }
        if (epochStyle == EpochStyle.COUNTER && breadcrumbPath != null) {
            throw new IllegalArgumentException("a counter epoch begins its term with the lock: it has no breadcrumb step");
        }
    }

    /** The epoch znode's name beside Hadoop's lock and breadcrumb: Hadoop's elector ignores other children. */
    public static final String EPOCH_ZNODE = "HakeeperFencingEpoch";

    /**
     * An election of one ephemeral lock and the epoch, without a breadcrumb (HBase's {@code /hbase/master}): a new
     * active fences nobody; the term's check fences the old one's writes, and its lease its actions.
     */
    public static ElectorOptions lockOnly(String lockPath, String epochPath) {
        return new ElectorOptions(lockPath, null, epochPath, false, true,
                io.hakeeper.core.zk.SessionTracker.LEASE_FRACTION, Duration.ofSeconds(1), EpochStyle.ZXID);
    }

    /**
     * Kafka's controller election: the ephemeral {@code lockPath} ({@code /controller}) created together with the
     * counter at {@code epochPath} ({@code /controller_epoch}) moving on by one; nobody is fenced (no breadcrumb), the
     * counter's check fences the old controller's writes, and its lease its actions.
     */
    public static ElectorOptions counterWithLock(String lockPath, String epochPath) {
        return new ElectorOptions(lockPath, null, epochPath, false, true,
                io.hakeeper.core.zk.SessionTracker.LEASE_FRACTION, Duration.ofSeconds(1), EpochStyle.COUNTER);
    }

    /** Lock and breadcrumb under one parent, with the names Hadoop uses, the epoch beside them, and our defaults. */
    public static ElectorOptions hadoopLayout(String parent) {
        return new ElectorOptions(parent + "/ActiveStandbyElectorLock", parent + "/ActiveBreadCrumb",
                parent + "/" + EPOCH_ZNODE, false, true,
                io.hakeeper.core.zk.SessionTracker.LEASE_FRACTION, Duration.ofSeconds(1), EpochStyle.ZXID);
    }

    public ElectorOptions withCreateParents(boolean create) {
        return new ElectorOptions(lockPath, breadcrumbPath, epochPath, create, lease, leaseFraction, rejoinBackoff, epochStyle);
    }

    public ElectorOptions withLease(boolean on) {
        return new ElectorOptions(lockPath, breadcrumbPath, epochPath, createParents, on, leaseFraction, rejoinBackoff, epochStyle);
    }

    public ElectorOptions withRejoinBackoff(Duration backoff) {
        return new ElectorOptions(lockPath, breadcrumbPath, epochPath, createParents, lease, leaseFraction, backoff, epochStyle);
    }
}
