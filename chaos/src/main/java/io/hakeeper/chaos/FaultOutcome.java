package io.hakeeper.chaos;

/**
 * What one applied fault did: its window, the longest stretch with no active it caused (ms), the bound that stretch
 * had to stay within (ms), the new epochs acquired while it lasted or within T after, and whether it was a ZooKeeper-only fault
 * short enough (under T, sparing the leader and the active's own server) that it must cause no failover on its
 * own; and whether it was a ZooKeeper fault that hit the leader or the active's own server.
 */
public record FaultOutcome(FaultWindow window, String reportName, long gapMs, long boundMs, int failovers, boolean mustNotFailOver,
                           boolean hitsActiveSession) {
}
