package io.hakeeper.zkfc;

import io.hakeeper.core.election.ElectorState;
import io.hakeeper.core.health.HealthState;
import java.time.Duration;

/**
 * The controller's decision step, a pure function: given what just happened and a snapshot of everything it looks
 * at, what it does. No ZooKeeper, no clock, no threads: {@link ZkfcLoop} takes the snapshot and acts on the answer,
 * on the one thread that owns every decision.
 */
final class ZkfcDecision {
    private ZkfcDecision() {
    }

    /** What happened. */
    enum Event {
        /** The health monitor reported a new state. */
        HEALTH_CHANGED,
        /** An operator paused or resumed the nameservice. */
        PAUSE_CHANGED,
        /** The time this node ceded the election for has run out. */
        CEDE_ENDED,
        /** The once-a-second look of the preferred active's controller. */
        FAILBACK_TICK,
        /** The master refused to renew its lease: it ran out, and the master stood down by itself. */
        LEASE_REFUSED
    }

    /** What the controller does about it. */
    enum Action {
        NOTHING,
        /** Enter (or stay in) the election. */
        JOIN,
        /** Leave the election leaving the breadcrumb: the next active fences this master. */
        QUIT_FENCE_NEEDED,
        /** Leave the election gracefully: the master is made standby, nobody needs to fence it. */
        QUIT_GRACEFULLY,
        /** Leave gracefully at once so another master can win, then join again (the master is standby already). */
        LEAVE_AND_REJOIN,
        /** Take the active role back gracefully (nobody is fenced). */
        FAIL_BACK,
        /** Stop the controller: it cannot watch its master any more. */
        STOP
    }

    /**
     * @param health      the health monitor's state
     * @param election    the elector's state
     * @param active      the elector holds a term and its lease
     * @param paused      an operator paused the nameservice
     * @param ceded       this node ceded the election and the time it ceded for has not run out
     * @param preferred   this node is the preferred active
     * @param healthyFor  how long the master has been healthy (or since it last stood down, whichever is later)
     * @param failbackDelay how long the preferred node waits, healthy, before failing back
     */
    record Snapshot(HealthState health, ElectorState election, boolean active, boolean paused, boolean ceded,
                    boolean preferred, Duration healthyFor, Duration failbackDelay) {
    }

    static Action decide(Event event, Snapshot s) {
        return switch (event) {
            case HEALTH_CHANGED, PAUSE_CHANGED -> onHealth(s);
            case CEDE_ENDED -> !s.paused() && !s.ceded() && s.health() == HealthState.SERVICE_HEALTHY ? Action.JOIN : Action.NOTHING;
            case FAILBACK_TICK -> s.preferred() && !s.paused() && !s.ceded() && s.health() == HealthState.SERVICE_HEALTHY
                    && !s.active() && s.election() == ElectorState.STANDBY
                    && s.healthyFor().compareTo(s.failbackDelay()) >= 0 ? Action.FAIL_BACK : Action.NOTHING;
            case LEASE_REFUSED -> s.paused() ? Action.NOTHING : Action.LEAVE_AND_REJOIN;
        };
    }

    private static Action onHealth(Snapshot s) {
        if (s.health() == HealthState.HEALTH_MONITOR_FAILED) {
            return Action.STOP; // even when paused: nothing watches the master any more
        }
        if (s.paused()) {
            return Action.NOTHING;
        }
        return switch (s.health()) {
            case SERVICE_HEALTHY -> s.ceded() ? Action.NOTHING : Action.JOIN;
            case SERVICE_UNHEALTHY, SERVICE_NOT_RESPONDING -> Action.QUIT_FENCE_NEEDED;
            case INITIALIZING -> Action.QUIT_GRACEFULLY;
            default -> Action.NOTHING;
        };
    }
}
