package io.hakeeper.chaos;

/**
 * One fault as the lab applied it: its number in the schedule, its kind (e.g. "pause-controller"), the partition
 * shape or "-" when it is not a partition, what it hit (a host or process name), and when it began and was healed
 * (monotonic nanoseconds).
 */
public record FaultWindow(int id, String kind, String shape, String target, long startNanos, long endNanos) {
}
