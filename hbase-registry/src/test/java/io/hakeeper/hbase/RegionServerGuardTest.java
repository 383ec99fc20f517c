package io.hakeeper.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hakeeper.hbase.RegionServerGuard.Action;
import io.hakeeper.hbase.RegionServerGuard.Snapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegionServerGuardTest {
    private static final ServerName A = new ServerName("rs1", 16020, 1);
    private static final ServerName B = new ServerName("rs1", 16020, 2);

    @Test
    void aRegistrationIsWatchedOnceAndAStoppedIncarnationNeverAgain() {
        assertEquals(Action.WATCH, RegionServerGuard.decide(new Snapshot(A, null, null, true, false, true, 0, 1000)));
        assertEquals(Action.NOTHING, RegionServerGuard.decide(new Snapshot(A, A, null, true, true, true, 0, 1000)));
        assertEquals(Action.WATCH, RegionServerGuard.decide(new Snapshot(B, A, null, true, true, true, 0, 1000)), "a new start code");
        assertEquals(Action.NOTHING, RegionServerGuard.decide(new Snapshot(A, null, A, true, false, true, 0, 1000)),
                "stopped already: a stop that did not take (or a dry run) is not repeated");
    }

    @Test
    void aZombieIsStoppedOnlyWhenItsOwnProcessStillServesPastTheGrace() {
        assertEquals(Action.NOTHING, RegionServerGuard.decide(new Snapshot(null, A, null, true, true, true, 999, 1000)), "in the grace");
        assertEquals(Action.STOP_ZOMBIE, RegionServerGuard.decide(new Snapshot(null, A, null, true, true, true, 1000, 1000)));
        assertEquals(Action.NOTHING, RegionServerGuard.decide(new Snapshot(null, A, null, true, true, false, 5000, 1000)),
                "alive but not serving: not what the rule is for");
        assertEquals(Action.UNWATCH, RegionServerGuard.decide(new Snapshot(null, A, null, true, false, true, 5000, 1000)),
                "its process is gone: the incarnation ended as it should");
        assertEquals(Action.UNWATCH, RegionServerGuard.decide(new Snapshot(null, A, null, false, false, true, 5000, 1000)),
                "without a pid file a new incarnation starting up cannot be told from a zombie");
        assertEquals(Action.NOTHING, RegionServerGuard.decide(new Snapshot(null, null, null, true, false, true, 0, 1000)));
    }

    @Test
    void theLeaseMustEndBeforeTheRegionServersSessionCan() {
        assertThrows(IllegalArgumentException.class, () -> new RegionServerGuard.Settings("h", 1, Duration.ofSeconds(6), null,
                null, 0.7, Duration.ofSeconds(1), false));
    }
}
