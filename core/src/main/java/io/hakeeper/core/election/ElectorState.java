package io.hakeeper.core.election;

/** Where an {@link Elector} stands. */
public enum ElectorState {
    /** Not (yet) in the election. */
    INIT,
    /** In the election; someone else holds the lock. */
    STANDBY,
    /** We hold the lock with our current session, fenced the previous active, and wrote the breadcrumb. */
    ACTIVE,
    /** Connection to ZooKeeper lost; we do not know who holds the lock. The lease clock runs. */
    NEUTRAL,
    /** Closed for good. */
    CLOSED
}
