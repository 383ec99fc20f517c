package io.hakeeper.chaos;

/**
 * One stretch during which {@code holder} acted as the active of {@code group} with fencing epoch {@code epoch}, on
 * the machine's monotonic clock (System.nanoTime, one clock for every namespace). {@code endReason} says how it ended:
 * "standby", "lease" (the holder's lease ran out: the end is the lease's deadline), "killed" (kill -9 by the lab),
 * "run-end" (still active when the campaign stopped).
 */
public record Interval(String group, String holder, long epoch, long startNanos, long endNanos, String endReason) {
    public long overlapNanos(Interval other) {
        return Math.max(0, Math.min(endNanos, other.endNanos) - Math.max(startNanos, other.startNanos));
    }
}
