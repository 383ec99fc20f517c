package io.hakeeper.chaos;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksTest {
    private static Interval i(String holder, long epoch, long start, long end) {
        return new Interval("g", holder, epoch, start, end, "standby");
    }

    @Test
    void overlappingActivesAreFoundToTheMicrosecond() {
        List<Violation> v = Checks.overlaps(List.of(i("nn1", 1, 0, 5_000_000), i("nn2", 2, 4_999_000, 9_000_000)));
        assertEquals(1, v.size());
        assertTrue(v.get(0).text().contains("1 µs"), v.get(0).text());
    }

    @Test
    void handOversThatTouchAreNotOverlaps() {
        assertTrue(Checks.overlaps(List.of(i("nn1", 1, 0, 5_000_000), i("nn2", 2, 5_000_000, 9_000_000))).isEmpty());
        assertTrue(Checks.overlaps(List.of(i("nn1", 1, 0, 5_000_000), i("nn1", 2, 4_000_000, 9_000_000))).isEmpty(),
                "one holder's two epochs are not two actives");
    }

    @Test
    void uncoveredStretchesAreWhereNoIntervalIs() {
        List<long[]> gaps = Checks.uncovered(List.of(i("a", 1, 10, 20), i("b", 2, 15, 30), i("a", 3, 40, 50)), 0, 60);
        assertEquals(3, gaps.size());
        assertArrayEquals(new long[] {0, 10}, gaps.get(0));
        assertArrayEquals(new long[] {30, 40}, gaps.get(1));
        assertArrayEquals(new long[] {50, 60}, gaps.get(2));
    }

    @Test
    void anRmStoreThatLostAnAcknowledgedApplicationIsCaught() {
        List<RmStoreAudit.Stored> stored = List.of(new RmStoreAudit.Stored("app_1", 110, 100));
        List<Violation> v = Checks.rmStore(java.util.Set.of("app_1", "app_2"), stored, List.of(100L), 0);
        assertEquals(1, v.size(), v.toString());
        assertEquals("lost-acked-write", v.get(0).checker());
        assertTrue(v.get(0).text().contains("app_2"), v.get(0).text());
    }

    @Test
    void aWriteThatLandedAfterALaterTermBeganIsStaleAndOneBeforeItIsNot() {
        // terms began at zxids 100 and 200; app_2 of term 100 created at 150 is fine, app_3 of term 100 at 250 is not
        List<RmStoreAudit.Stored> stored = List.of(new RmStoreAudit.Stored("app_2", 150, 100),
                new RmStoreAudit.Stored("app_3", 250, 100), new RmStoreAudit.Stored("app_4", 260, 200));
        List<Violation> v = Checks.rmStore(java.util.Set.of("app_2", "app_3", "app_4"), stored, List.of(100L, 200L), 0);
        assertEquals(1, v.size(), v.toString());
        assertEquals("stale-store-write", v.get(0).checker());
        assertTrue(v.get(0).text().contains("app_3"), v.get(0).text());
    }

    @Test
    void theEpochIsReadFromTheApplicationsPayload() {
        assertEquals(4294967301L, RmStoreAudit.epochOf("application_1_0001 SUBMITTED epoch=4294967301 ....".getBytes()));
        assertEquals(-1, RmStoreAudit.epochOf("no epoch here".getBytes()));
    }

    /** A kill applied at 1 s whose victim's interval ended at 1.001 s, and the next active from {@code nextStart}. */
    private static List<Violation> crash(boolean noticedAtOnce, long nextStart) {
        FaultPlan plan = new FaultPlan(1, 1, FaultKind.KILL_MASTER, 0, 500, 0, 10);
        FaultInjector.Applied kill = new FaultInjector.Applied(plan, "nn1", "g", java.util.Set.of(), () -> { });
        kill.startNanos = 1_000_000_000L;
        kill.endNanos = 1_500_000_000L;
        kill.crashNoticedAtOnce = noticedAtOnce;
        List<Interval> intervals = List.of(i("nn1", 1, 0, 1_001_000_000L), i("nn2", 2, nextStart, 20_000_000_000L));
        List<Violation> v = new java.util.ArrayList<>();
        Checks.outcomes("g", List.of(kill), intervals, List.of(0L, nextStart), 2000, 0, 20_000_000_000L, v);
        return v;
    }

    @Test
    void aCrashIsBoundedBy1sWhenAControllerNoticesItAndByTPlus1sWhenTheElectorDiedWithIt() {
        assertEquals(List.of(), crash(true, 1_900_000_000L), "back 0.9 s after the kill");
        List<Violation> late = crash(true, 2_200_000_000L);
        assertEquals(1, late.size(), late.toString());
        assertTrue(late.get(0).text().contains("kill-master") && late.get(0).text().contains("the bound was 1000 ms"), late.get(0).text());
        assertEquals(List.of(), crash(false, 3_900_000_000L), "an embedded elector: the session must expire first (T + 1 s)");
        assertEquals(1, crash(false, 4_200_000_000L).size());
    }

    /**
     * Fault #393 of the 1,000-fault run at seed 20261204: the active RM killed at 1 s (its elector dies with it), the
     * ZooKeeper leader paused 869 ms later by another stream. The new leader restarts the dead session's timeout, so
     * the bound runs from the leader's loss: T + 1 s + 3 s after 1.869 s, not after the kill.
     */
    @Test
    void aLeaderLostAfterTheKillMovesTheBoundWithIt() {
        assertEquals(List.of(), killThenLeaderLoss(7_194_000_000L), "6,193 ms without an active: within the moved bound");
        List<Violation> late = killThenLeaderLoss(8_000_000_000L);
        assertEquals(1, late.size(), "past even the moved bound: " + late);
        assertTrue(late.get(0).text().contains("the bound was 6868 ms"), late.get(0).text());
    }

    private static List<Violation> killThenLeaderLoss(long nextStart) {
        FaultInjector.Applied kill = new FaultInjector.Applied(new FaultPlan(1, 1, FaultKind.KILL_MASTER, 0, 911, 0, 10),
                "rm2", "g", java.util.Set.of(), () -> { });
        kill.startNanos = 1_000_000_000L;
        kill.endNanos = 1_911_000_000L;
        FaultInjector.Applied pause = new FaultInjector.Applied(new FaultPlan(1, 2, FaultKind.PAUSE_ZK_LEADER, 869, 4078, 0, 11),
                "zk2", null, java.util.Set.of(), () -> { });
        pause.startNanos = 1_869_000_000L;
        pause.endNanos = 5_947_000_000L;
        pause.hitsLeader = true;
        List<Interval> intervals = List.of(i("rm2", 1, 0, 1_001_000_000L), i("rm1", 2, nextStart, 20_000_000_000L));
        List<Violation> v = new java.util.ArrayList<>();
        Checks.outcomes("g", List.of(kill, pause), intervals, List.of(0L, nextStart), 2000, 0, 20_000_000_000L, v);
        return v.stream().filter(x -> x.checker().equals("gap")).toList();
    }
}
