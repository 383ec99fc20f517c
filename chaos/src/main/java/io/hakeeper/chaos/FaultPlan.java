package io.hakeeper.chaos;

/**
 * One fault of the schedule, fixed by the seed: what, when in its round it starts, for how long (for a kill: until the
 * restart), and {@code pick}, a number that chooses among the candidates at the moment it is applied (the active is
 * only known then). {@code lossPercent} is for packet loss.
 */
public record FaultPlan(int id, int round, FaultKind kind, long offsetMs, long durationMs, long pick, int lossPercent) {
    public String describe() {
        return "#" + id + " " + kind.reportName() + " for " + durationMs + " ms (at +" + offsetMs + " ms in round " + round + ")";
    }
}
