package io.hakeeper.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultLineTest {
    @Test
    void formatsAsDesignSays() {
        assertEquals("RESULT quorum writes_per_s=4500 write_ratio=0.950",
                new ResultLine("quorum").put("writes_per_s", 4500).put("write_ratio", 0.95).toString());
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, ResultLine.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, ResultLine.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }
}
