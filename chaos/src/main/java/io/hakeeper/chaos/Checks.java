package io.hakeeper.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The campaign's checkers over the evidence: overlapping actives (must be 0 µs), time with no active after each
 * fault against its bound, and failovers caused by ZooKeeper-only faults. Stale writes and epoch order are found as
 * the ledger is read ({@link LedgerEvidence}).
 */
final class Checks {
    /** The lab's syncLimit (4 ticks of 500 ms) and a second for the election. */
    static final long LEADER_LOSS_NANOS = 3_000_000_000L;

    /** ZooKeeper's client sleeps up to 1 s before each reconnection; a second more to be heard by the quorum. */
    static final long RECONNECT_NANOS = 2_000_000_000L;

    private Checks() {
    }

    /** Every pair of intervals of one group that overlap, as violations naming both and the overlap in µs. */
    static List<Violation> overlaps(List<Interval> intervals) {
        List<Violation> found = new ArrayList<>();
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(Interval::startNanos));
        for (int i = 0; i < sorted.size(); i++) {
            Interval a = sorted.get(i);
            for (int j = i + 1; j < sorted.size() && sorted.get(j).startNanos() < a.endNanos(); j++) {
                Interval b = sorted.get(j);
                long overlap = a.overlapNanos(b);
                if (overlap > 0 && a.group().equals(b.group()) && !a.holder().equals(b.holder())) {
                    found.add(new Violation("overlap", b.startNanos(), a.group() + ": " + a.holder() + " (epoch " + a.epoch()
                            + ", until " + a.endReason() + ") and " + b.holder() + " (epoch " + b.epoch() + ") were both active for "
                            + overlap / 1000 + " µs"));
                }
            }
        }
        return found;
    }

    /** The stretches (start, end) inside [from, to] that no interval covers. */
    static List<long[]> uncovered(List<Interval> intervals, long from, long to) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(Interval::startNanos));
        List<long[]> gaps = new ArrayList<>();
        long covered = from;
        for (Interval i : sorted) {
            if (i.startNanos() > covered && covered < to) {
                gaps.add(new long[] {covered, Math.min(i.startNanos(), to)});
            }
            covered = Math.max(covered, i.endNanos());
        }
        if (covered < to) {
            gaps.add(new long[] {covered, to});
        }
        return gaps;
    }

    /**
     * Per fault: the longest stretch with no active it is blamed for, and the failovers while it lasted or within T
     * after. A stretch is blamed on the faults in force when it began, or, when none was, on the last fault healed in
     * the 2 T before. Its bound: 1 s when it is blamed on a kill of the active master alone (whose controller apart from it
     * notices), else T + 1 s;
     * when a partition that left no majority with a master was in force, T + 1 s after that partition healed; 3 s more
     * when the ZooKeeper leader was lost meanwhile (no session expires before a new leader is elected).
     * Violations for stretches past their bound, and for failovers caused by a short ZooKeeper-only fault that spared
     * the leader and the active's own server (a failover with no other fault in force within T + 1 s before it).
     */
    static List<FaultOutcome> outcomes(String group, List<FaultInjector.Applied> applied, List<Interval> intervals,
                                       List<Long> acquisitions, long sessionTimeoutMs, long from, long to,
                                       List<Violation> violations) {
        long t = sessionTimeoutMs * 1_000_000L;
        long second = 1_000_000_000L;
        java.util.Map<FaultInjector.Applied, Long> gapOf = new java.util.HashMap<>();
        for (long[] g : uncovered(intervals, from, to)) {
            List<FaultInjector.Applied> blamed = applied.stream()
                    .filter(f -> f.startNanos <= g[0] && g[0] <= end(f, to)).toList();
            if (blamed.isEmpty()) {
                blamed = applied.stream().filter(f -> end(f, to) <= g[0] && g[0] <= end(f, to) + 2 * t)
                        .max(Comparator.comparingLong(f -> end(f, to))).map(List::of).orElse(List.of());
            }
            long bound = 0;
            for (FaultInjector.Applied f : blamed) {
                bound = Math.max(bound, bound(f, applied, t, second));
                gapOf.merge(f, g[1] - g[0], Math::max);
            }
            if (blamed.isEmpty()) {
                bound = t + second; // no fault to blame: a flap of its own, held to the loosest bound
            }
            long allowedEnd = g[0] + bound;
            boolean leaderLost = false;
            long leaderLostAt = g[0];
            boolean serverLost = false;
            for (FaultInjector.Applied d : applied) {
                boolean during = d.startNanos <= g[1] && end(d, to) >= g[0];
                if (d.disables.contains(group) && during) {
                    allowedEnd = Math.max(allowedEnd, end(d, to) + t + second);
                }
                if (d.hitsLeader && during) {
                    leaderLost = true;
                    leaderLostAt = Math.max(leaderLostAt, d.startNanos);
                }
                serverLost |= d.hitsAController && during;
            }
            if (leaderLost) {
                // No session expires until the followers give the leader up (syncLimit) and elect another, and the new
                // leader gives every session a full timeout again (ZooKeeper's session tracker starts each one afresh):
                // a leader lost after the stretch began moves the dead session's expiry with it.
                allowedEnd = Math.max(allowedEnd, leaderLostAt + bound) + LEADER_LOSS_NANOS;
            } else if (serverLost) {
                // A controller whose server went away waits up to a second (ZooKeeper's client, at random) before it
                // connects to another, then must be heard by the quorum again before it may act.
                allowedEnd += RECONNECT_NANOS;
            }
            if (g[1] > allowedEnd && g[1] < to) {
                violations.add(new Violation("gap", g[1], group + ": no active for " + (g[1] - g[0]) / 1_000_000 + " ms "
                        + (blamed.isEmpty() ? "with no fault in force" : "in fault" + (blamed.size() > 1 ? "s " : " ")
                        + String.join(", ", blamed.stream().map(f -> "#" + f.plan.id() + " " + f.plan.kind().reportName()
                        + " (" + f.target + ")").toList())) + ": the bound was " + (allowedEnd - g[0]) / 1_000_000 + " ms"));
            }
        }
        List<FaultOutcome> outcomes = new ArrayList<>();
        for (FaultInjector.Applied f : applied) {
            boolean hitOurs = f.hitsActiveSessionOf.contains(group);
            boolean mustNot = f.plan.kind().zookeeperOnly() && f.plan.durationMs() < sessionTimeoutMs && !hitOurs;
            int failovers = 0;
            int unexplained = 0;
            for (long a : acquisitions) {
                if (a >= f.startNanos && a <= end(f, to) + t) {
                    failovers++;
                    // a failover with no other fault in force within T + 1 s before it: this fault alone caused it
                    boolean otherNear = applied.stream().anyMatch(o -> o != f && o.startNanos <= a && end(o, to) + t + second >= a);
                    if (!otherNear) {
                        unexplained++;
                    }
                }
            }
            if (mustNot && unexplained > 0) {
                violations.add(new Violation("spurious-failover", f.startNanos, group + ": fault #" + f.plan.id() + " "
                        + f.plan.kind().reportName() + " (" + f.target + ") touched only a ZooKeeper follower the active did"
                        + " not use, for " + f.plan.durationMs() + " ms (under T), and with no other fault near, "
                        + unexplained + " failover(s) followed"));
            }
            outcomes.add(new FaultOutcome(f.window(), f.plan.kind().reportName(), gapOf.getOrDefault(f, 0L) / 1_000_000,
                    bound(f, applied, t, second) / 1_000_000, failovers, mustNot,
                    f.plan.kind().zookeeperOnly() && hitOurs));
        }
        return outcomes;
    }

    private static long end(FaultInjector.Applied f, long to) {
        return f.endNanos == 0 ? to : f.endNanos;
    }

    /**
     * 1 s after a kill of an active master whose death a controller beside it notices at once (when it alone is
     * blamed; any other fault blamed too raises it), else T + 1 s: an embedded elector dies with its master, and the
     * other waits for the dead one's session to expire.
     */
    private static long bound(FaultInjector.Applied f, List<FaultInjector.Applied> applied, long t, long second) {
        return f.plan.kind() == FaultKind.KILL_MASTER && f.crashNoticedAtOnce ? second : t + second;
    }

    /**
     * The RM store against its ledger. Lost: an application the store acknowledged (the ledger has it) that the store
     * no longer holds. Stale: an application created (zxid) after a later term than its writer's began, a term's epoch
     * being the zxid of the multi that began it: a deposed RM's write landed in the new term's store. Both orders are
     * ZooKeeper's own, so neither check depends on when a process got round to noting anything.
     */
    static List<Violation> rmStore(java.util.Set<String> acknowledged, List<RmStoreAudit.Stored> stored, List<Long> epochs,
                                   long atNanos) {
        List<Violation> found = new ArrayList<>();
        java.util.Set<String> held = new java.util.HashSet<>();
        stored.forEach(s -> held.add(s.app()));
        for (String app : acknowledged) {
            if (!held.contains(app)) {
                found.add(new Violation("lost-acked-write", atNanos, "the RM store acknowledged " + app + " but no longer holds it"));
            }
        }
        java.util.TreeSet<Long> terms = new java.util.TreeSet<>(epochs);
        for (RmStoreAudit.Stored s : stored) {
            Long later = terms.higher(s.epoch());
            if (s.epoch() >= 0 && later != null && later < s.czxid()) {
                found.add(new Violation("stale-store-write", atNanos, s.app() + " was written by the term of epoch " + s.epoch()
                        + " and created at zxid " + s.czxid() + ", after the term of epoch " + later + " began: a deposed RM's"
                        + " write landed"));
            }
        }
        return found;
    }
}
