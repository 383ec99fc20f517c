package io.hakeeper.rm;

/** What an embedding ResourceManager hears from {@link RmElector}. Calls never overlap and keep their order. */
public interface RmListener {
    /**
     * This RM is active: {@code store} is open and fenced for it, {@code recovered} is everything the previous
     * actives stored, {@code epoch} the elector's fencing token and {@code rmEpoch} the store's epoch (YARN's, used
     * in container ids). Throwing steps back: the RM stays standby and rejoins after a backoff.
     */
    void becomeActive(long epoch, long rmEpoch, RmStateStore store, RmState recovered) throws Exception;

    /** Stop acting as active; the store handed out before is fenced now. */
    void becomeStandby();

    /** The elector cannot go on (e.g. the lock belongs to another cluster, or an ACL denies us). */
    void fatal(String reason, Throwable cause);
}
