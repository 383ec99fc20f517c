package io.hakeeper.core.election;

/**
 * What the elector tells the service it guards. Calls never overlap, arrive in the order the elector decided them,
 * and all come from the elector's loop thread, the lease's demotion included (see {@link Elector}).
 */
public interface ElectorListener {
    /**
     * Make the service active. {@code epoch} is the fencing token: higher than any earlier active's; pass it with
     * every write made on the active's behalf. Throwing means the service could not become active: the elector
     * leaves the lock (keeping the breadcrumb, so the next active fences this service) and rejoins after a backoff.
     */
    void becomeActive(long epoch) throws Exception;

    /**
     * Make the service standby (also when a lease lapses or the elector quits). Throwing means the service may still
     * be active: a graceful quit then keeps the breadcrumb, so the next active fences it.
     */
    void becomeStandby() throws Exception;

    /** The connection to ZooKeeper is gone; who is active is unknown. (A lease demotion may follow.) */
    default void enterNeutral() {
    }

    /**
     * Fence the previous active, described by the breadcrumb it left. Throwing means fencing failed: this elector
     * must not and does not become active.
     */
    void fenceOldActive(byte[] breadcrumb) throws Exception;

    /**
     * The lock is held by another session ({@code lock} as found). A service may recognise a stale lock of its own
     * earlier run there (HBase's masters do: their address, under a session that is not theirs), delete it
     * (version-checked) and return true to try again at once. By default: stand by, reading nothing more.
     */
    default boolean lockHeldByAnother(org.apache.zookeeper.data.Stat lock) throws Exception {
        return false;
    }

    /**
     * Asked before each attempt to take the lock while not active: a reason not to compete now (a peer that could not
     * follow us as leader, say), or null to go ahead. The elector then waits the rejoin backoff and asks again;
     * {@link Elector#stuckReason()} says why. By default: always compete.
     */
    default String refuseToCompete() throws Exception {
        return null;
    }

    /** Something the elector cannot recover from (e.g. an ACL denies us the lock): it has stopped. */
    void fatal(String reason, Throwable cause);
}
