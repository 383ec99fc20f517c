package io.hakeeper.chaos;

/**
 * What one applied fault did: its window, the longest stretch with no active it caused (ms), the bound that stretch
 * had to stay within (ms), the new epochs acquired while it lasted or within T after, and whether it was a ZooKeeper-only fault
 * short enough (under T, sparing the leader and the active's own server) that it must cause no failover on its
 * own; and whether it was a ZooKeeper fault that hit the leader or the active's own server.
 */
public record FaultOutcome(FaultWindow window, String reportName, long gapMs, long boundMs, int failovers, boolean mustNotFailOver,
                           boolean hitsActiveSession) {
    /** One fault seen by two groups (a ZooKeeper fault hits every system): the longer gap, the looser bound, every failover. */
    static FaultOutcome worse(FaultOutcome a, FaultOutcome b) {
        return new FaultOutcome(a.window, a.reportName, Math.max(a.gapMs, b.gapMs), Math.max(a.boundMs, b.boundMs),
                a.failovers + b.failovers, a.mustNotFailOver && b.mustNotFailOver, a.hitsActiveSession || b.hitsActiveSession);
    }
}
