package io.hakeeper.chaos;

import java.util.List;

/**
 * Everything a campaign's report draws: every active interval, every fault, every violation, on one monotonic clock
 * whose zero for display is {@code originNanos} (the campaign's start).
 */
public record Timeline(long originNanos, List<Interval> intervals, List<FaultWindow> faults, List<Violation> violations) {
    public Timeline {
        intervals = List.copyOf(intervals);
        faults = List.copyOf(faults);
        violations = List.copyOf(violations);
    }
}
