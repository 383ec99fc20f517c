package io.hakeeper.zkfc.target;

import java.time.Duration;

/**
 * The master a controller drives: ask its state, make it active or standby. HTTP endpoints and commands today;
 * Hadoop's HAServiceProtocol fits the same shape. Every call has a timeout; failure is an exception.
 */
public interface ServiceTarget {
    /** Hadoop's HAServiceState names. */
    enum State { INITIALIZING, ACTIVE, STANDBY, OBSERVER }

    State state(Duration timeout) throws Exception;

    /** @param epoch the fencing token of this activation, for the master to stamp its writes with */
    void transitionToActive(long epoch, Duration timeout) throws Exception;

    void transitionToStandby(Duration timeout) throws Exception;

    String describe();
}
