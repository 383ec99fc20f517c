package io.hakeeper.zkfc.target;

import java.time.Duration;

/**
 * The master a controller drives: ask its state, make it active or standby. HTTP endpoints, commands, or
 * Hadoop's HAServiceProtocol (io.hakeeper.zkfc.hadoop). Every call has a timeout; failure is an exception.
 */
public interface ServiceTarget {
    /** Hadoop's HAServiceState names. */
    enum State { INITIALIZING, ACTIVE, STANDBY, OBSERVER, STOPPING }

    State state(Duration timeout) throws Exception;

    /** @param epoch the fencing token of this activation, for the master to stamp its writes with */
    void transitionToActive(long epoch, Duration timeout) throws Exception;

    void transitionToStandby(Duration timeout) throws Exception;

    /**
     * Makes the master active holding a lease: a master that honours it acts as active only until {@code lease} has
     * passed on its own monotonic clock without a renewal, so a master that was frozen (SIGSTOP, a long pause)
     * cannot act when it wakes, before its controller has demoted it.
     */
    default void transitionToActive(long epoch, Duration lease, Duration timeout) throws Exception {
        transitionToActive(epoch, timeout);
    }

    /**
     * Renews that lease. A master must refuse to renew a lease that has already run out: only an activation revives.
     *
     * @throws LeaseLapsedException when the master refused because its lease had run out (it stood down by itself)
     */
    default void renewActive(long epoch, Duration lease, Duration timeout) throws Exception {
        throw new UnsupportedOperationException(describe() + " holds no lease");
    }

    /** Where the calls go, when it is one TCP address (the controller judges a refused connection by it). */
    default java.util.Optional<java.net.InetSocketAddress> endpoint() {
        return java.util.Optional.empty();
    }

    /** Whether {@link #renewActive} carries a lease; without one the controller does not renew. */
    default boolean supportsLease() {
        return false;
    }

    String describe();
}
