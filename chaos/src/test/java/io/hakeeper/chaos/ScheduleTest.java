package io.hakeeper.chaos;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        Set<FaultKind> all = EnumSet.allOf(FaultKind.class);
        assertEquals(Schedule.generate(42, 300, 2000, 2, all), Schedule.generate(42, 300, 2000, 2, all));
        assertNotEquals(Schedule.generate(42, 300, 2000, 2, all), Schedule.generate(43, 300, 2000, 2, all));
    }

    @Test
    void everyKindComesUpInTheFirstDeckAndNoRoundHoldsTwoFaultsOfOneSide() {
        List<List<FaultPlan>> rounds = Schedule.generate(7, FaultKind.values().length, 2000, 3, EnumSet.allOf(FaultKind.class));
        Set<FaultKind> seen = new HashSet<>();
        for (List<FaultPlan> round : rounds) {
            Set<FaultKind.Side> sides = new HashSet<>();
            for (FaultPlan p : round) {
                seen.add(p.kind());
                assertTrue(sides.add(p.kind().side), "two faults of one side in a round: " + round);
                if (p.kind().side == FaultKind.Side.WHOLE_LAB) {
                    assertEquals(1, round.size(), "a whole-lab partition runs alone: " + round);
                }
            }
        }
        assertEquals(EnumSet.allOf(FaultKind.class), seen);
    }

    @Test
    void durationsStayInsideTheirBounds() {
        long t = 2000;
        for (List<FaultPlan> round : Schedule.generate(9, 2000, t, 2, EnumSet.allOf(FaultKind.class))) {
            for (FaultPlan p : round) {
                long max = p.kind() == FaultKind.RESTART_ZK_MEMBER ? t : p.kind().isKill() ? 2 * t : 3 * t;
                long min = p.kind().isKill() ? 0 : t / 10;
                assertTrue(p.durationMs() >= min && p.durationMs() <= max, p.describe());
            }
        }
    }
}
