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
}
