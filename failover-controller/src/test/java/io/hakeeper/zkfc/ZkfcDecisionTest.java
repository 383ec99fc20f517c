package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hakeeper.core.election.ElectorState;
import io.hakeeper.core.health.HealthState;
import io.hakeeper.zkfc.ZkfcDecision.Action;
import io.hakeeper.zkfc.ZkfcDecision.Event;
import io.hakeeper.zkfc.ZkfcDecision.Snapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The controller's decision step, without ZooKeeper, a master or a clock. */
class ZkfcDecisionTest {
    static final Duration DELAY = Duration.ofSeconds(10);

    /** A healthy standby, not paused, not ceded, not preferred, healthy for 1 s. */
    static Snapshot healthyStandby() {
        return new Snapshot(HealthState.SERVICE_HEALTHY, ElectorState.STANDBY, false, false, false, false,
                Duration.ofSeconds(1), DELAY);
    }

    static Snapshot with(Snapshot s, HealthState health) {
        return new Snapshot(health, s.election(), s.active(), s.paused(), s.ceded(), s.preferred(), s.healthyFor(), s.failbackDelay());
    }

    static Snapshot paused(Snapshot s) {
        return new Snapshot(s.health(), s.election(), s.active(), true, s.ceded(), s.preferred(), s.healthyFor(), s.failbackDelay());
    }

    static Snapshot ceded(Snapshot s) {
        return new Snapshot(s.health(), s.election(), s.active(), s.paused(), true, s.preferred(), s.healthyFor(), s.failbackDelay());
    }

    static Snapshot preferredHealthyFor(Snapshot s, Duration d) {
        return new Snapshot(s.health(), s.election(), s.active(), s.paused(), s.ceded(), true, d, s.failbackDelay());
    }

    @Test
    void healthDecidesMembership() {
        assertEquals(Action.JOIN, ZkfcDecision.decide(Event.HEALTH_CHANGED, healthyStandby()));
        assertEquals(Action.QUIT_FENCE_NEEDED, ZkfcDecision.decide(Event.HEALTH_CHANGED,
                with(healthyStandby(), HealthState.SERVICE_UNHEALTHY)));
        assertEquals(Action.QUIT_FENCE_NEEDED, ZkfcDecision.decide(Event.HEALTH_CHANGED,
                with(healthyStandby(), HealthState.SERVICE_NOT_RESPONDING)));
        assertEquals(Action.QUIT_GRACEFULLY, ZkfcDecision.decide(Event.HEALTH_CHANGED,
                with(healthyStandby(), HealthState.INITIALIZING)));
        assertEquals(Action.STOP, ZkfcDecision.decide(Event.HEALTH_CHANGED,
                with(healthyStandby(), HealthState.HEALTH_MONITOR_FAILED)));
    }

    @Test
    void pausedMakesNoTransitionButStillStopsWithoutAMonitor() {
        Snapshot p = paused(healthyStandby());
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.HEALTH_CHANGED, p));
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.HEALTH_CHANGED, with(p, HealthState.SERVICE_UNHEALTHY)));
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.LEASE_REFUSED, p));
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.CEDE_ENDED, p));
        assertEquals(Action.STOP, ZkfcDecision.decide(Event.HEALTH_CHANGED, with(p, HealthState.HEALTH_MONITOR_FAILED)));
        assertEquals(Action.JOIN, ZkfcDecision.decide(Event.PAUSE_CHANGED, healthyStandby()), "resumed and healthy");
    }

    @Test
    void aCededNodeStaysOutUntilTheCedeEnds() {
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.HEALTH_CHANGED, ceded(healthyStandby())));
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.CEDE_ENDED, ceded(healthyStandby())));
        assertEquals(Action.JOIN, ZkfcDecision.decide(Event.CEDE_ENDED, healthyStandby()));
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.CEDE_ENDED, with(healthyStandby(), HealthState.SERVICE_UNHEALTHY)));
    }

    @Test
    void aRefusedLeaseLeavesTheElectionSoAnotherCanWin() {
        assertEquals(Action.LEAVE_AND_REJOIN, ZkfcDecision.decide(Event.LEASE_REFUSED, healthyStandby()));
    }

    @Test
    void onlyAPreferredHealthyStandbyFailsBackAndOnlyAfterTheDelay() {
        Snapshot due = preferredHealthyFor(healthyStandby(), DELAY);
        assertEquals(Action.FAIL_BACK, ZkfcDecision.decide(Event.FAILBACK_TICK, due));
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.FAILBACK_TICK, preferredHealthyFor(healthyStandby(),
                DELAY.minusMillis(1))), "not before the delay");
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.FAILBACK_TICK, healthyStandby()), "not preferred");
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.FAILBACK_TICK, paused(due)));
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.FAILBACK_TICK, ceded(due)));
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.FAILBACK_TICK, with(due, HealthState.SERVICE_UNHEALTHY)));
        Snapshot active = new Snapshot(HealthState.SERVICE_HEALTHY, ElectorState.ACTIVE, true, false, false, true, DELAY, DELAY);
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.FAILBACK_TICK, active), "already active");
        Snapshot neutral = new Snapshot(HealthState.SERVICE_HEALTHY, ElectorState.NEUTRAL, false, false, false, true, DELAY, DELAY);
        assertEquals(Action.NOTHING, ZkfcDecision.decide(Event.FAILBACK_TICK, neutral), "not while cut off");
    }
}
